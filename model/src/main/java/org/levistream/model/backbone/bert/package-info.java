/**
 * A published pre-trained text encoder as a backbone: all-MiniLM-L6-v2's ONNX weights loaded into a BERT encoder
 * built from DJL blocks (so it runs on our libtorch, CPU or GPU), its WordPiece tokenizer, and the small ONNX reader
 * that gets the weights out of the file without a protobuf library.
 */
package org.levistream.model.backbone.bert;
