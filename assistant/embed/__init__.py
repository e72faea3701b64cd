"""Embedders: the protocol and fake (protocol.py), MiniLM through torch or ONNX, a factory, a vector cache."""
