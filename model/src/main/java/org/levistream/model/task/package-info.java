/**
 * Small task models g, trained from scratch on the fine-tuning stream (LEVI's second, task-specific view):
 * hashed user/item id embeddings with a small MLP for recommendation, a small CNN for images.
 */
package org.levistream.model.task;
