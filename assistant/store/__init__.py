"""Vector stores: the protocol and in-memory fake (protocol.py), Chroma local and server, a factory."""
