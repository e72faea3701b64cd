"""The citation checker: does the clause a draft cites support the sentence citing it?"""
