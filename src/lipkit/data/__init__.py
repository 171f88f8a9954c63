"""lipkit.data"""
