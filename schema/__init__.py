"""JSON Schemas and RelaxNG schemas, installed as package data `corpus.schema`."""
