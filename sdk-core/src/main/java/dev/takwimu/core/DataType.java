package dev.takwimu.core;

/** Column types a dataset can hold; each maps to one Parquet type and one SQL type on every backend. */
public enum DataType {
  STRING, INT, LONG, DOUBLE, BOOLEAN, DATE, TIMESTAMP;
}
