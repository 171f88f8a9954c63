"""lipkit.privacy"""
