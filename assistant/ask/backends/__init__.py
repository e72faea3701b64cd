"""Chat-model backends: the protocol, LangChain and llama.cpp, and a factory."""
