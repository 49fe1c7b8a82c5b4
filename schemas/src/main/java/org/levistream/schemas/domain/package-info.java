/**
 * LEVI Stream's records as our code sees them: immutable, validated {@link org.levistream.schemas.domain.InteractionEvent}
 * and {@link org.levistream.schemas.domain.ImageEvent}, and {@link org.levistream.schemas.domain.AvroMapping}, the one
 * place that maps them to and from the generated Avro classes, so that nothing past the serde sees a mutable bean.
 */
package org.levistream.schemas.domain;
