"""lipkit.analysis"""
