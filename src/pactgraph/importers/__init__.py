"""Readers for external datasets (ATOP, SIPRI) that turn their rows into pactgraph records.

Each reader resolves the dataset's codes and names to the entities graph_data already curates, so a
state or treaty is one node however many sources mention it (DESIGN §3).
"""
