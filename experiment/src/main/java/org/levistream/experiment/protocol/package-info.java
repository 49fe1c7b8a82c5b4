/**
 * {@code levi experiment}: the paper's offline protocol. Learning rates are chosen per method on the ID validation
 * slice only; then every method is trained with several seeds and scored on the ID test set and each OOD set. The
 * results become a Markdown and a JSON table and an SVG chart.
 */
package org.levistream.experiment.protocol;
