"""lipkit.demo"""
