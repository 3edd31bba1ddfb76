#!/usr/bin/env python3
"""The benchmark's pandas baseline: validate -> curate -> features -> insights, as the source project's analysts
would write it in pandas.

    pandas_pipeline.py INPUT_DIR OUT_DIR --as-of YYYY-MM-DD

Same rules as SafaricomPipeline (docs/semantics.md): required ids, positive amounts, YYYY-MM-DD dates and
YYYY-MM-DD HH:MM:SS timestamps that are real calendar values, known status and boolean values, references to curated
customers, and the first valid row of each id in file order. Writes OUT_DIR/curated/*.parquet,
OUT_DIR/quarantine/*.parquet, OUT_DIR/cleaned/customer_features.parquet and OUT_DIR/insights.json (one object keyed
by insight name, each an array of row objects, like `takwimu insights --all --format json`). Step times go to stderr.
"""
import argparse
import json
import math
import os
import sys
import time

import numpy as np
import pandas as pd

COUNTIES = {c.lower() for c in [
    "Mombasa", "Kwale", "Kilifi", "Tana River", "Lamu", "Taita Taveta", "Garissa", "Wajir", "Mandera", "Marsabit",
    "Isiolo", "Meru", "Tharaka Nithi", "Embu", "Kitui", "Machakos", "Makueni", "Nyandarua", "Nyeri", "Kirinyaga",
    "Murang'a", "Kiambu", "Turkana", "West Pokot", "Samburu", "Trans Nzoia", "Uasin Gishu", "Elgeyo Marakwet", "Nandi",
    "Baringo", "Laikipia", "Nakuru", "Narok", "Kajiado", "Kericho", "Bomet", "Kakamega", "Vihiga", "Bungoma", "Busia",
    "Siaya", "Kisumu", "Homa Bay", "Migori", "Kisii", "Nyamira", "Nairobi"]}
TRUE_VALUES = {"true": True, "1": True, "yes": True, "false": False, "0": False, "no": False}

_last = time.monotonic()


def step(name):
    global _last
    now = time.monotonic()
    print(f"pandas step {name:<28} {now - _last:.2f}s", file=sys.stderr)
    _last = now


def read_export(path):
    """Every column as text, header names normalized, empty cells as missing."""
    df = pd.read_csv(path, dtype=str, keep_default_na=False, na_values=[""])
    df.columns = [c.strip().lower().replace(" ", "_") for c in df.columns]
    return df


def text(series):
    return series.str.strip()


def empty(series):
    return series.isna() | (series == "")


def to_date(series):
    """Exactly YYYY-MM-DD: to_datetime alone also takes 2023-5-18."""
    return pd.to_datetime(series.where(series.str.len() == 10), format="%Y-%m-%d", errors="coerce")


def to_timestamp(series):
    """Exactly YYYY-MM-DD HH:MM:SS."""
    return pd.to_datetime(series.where(series.str.len() == 19), format="%Y-%m-%d %H:%M:%S", errors="coerce")


def to_number(series):
    return pd.to_numeric(series, errors="coerce")


def positive(number):
    return np.isfinite(number) & (number > 0)


def first_valid(ids, ok):
    """True for a valid row whose id already appeared on an earlier valid row."""
    return ok & ids.where(ok).duplicated(keep="first")


def reasons(flags):
    """'rule; rule' for each row, from a dict rule name -> boolean Series."""
    out = pd.Series("", index=next(iter(flags.values())).index)
    for name, flag in flags.items():
        out = out.where(~flag, out + np.where(out == "", "", "; ") + name)
    return out


def quarantine(raw, flags, path):
    rejected = pd.concat(list(flags.values()), axis=1).any(axis=1)
    bad = raw[rejected].copy()
    bad["rejected_by"] = reasons({k: v[rejected] for k, v in flags.items()})
    bad.to_parquet(path, index=False)
    return int(rejected.sum())


def curate_customers(path, out):
    raw = read_export(path)
    customer_id = text(raw["customer_id"])
    registration = to_date(text(raw["registration_date"]))
    deactivation_text = text(raw["deactivation_date"])
    deactivation = to_date(deactivation_text)
    status = text(raw["status"]).str.lower()
    flags = {
        "not_empty(customer_id)": empty(customer_id),
        "valid_date(registration_date)": registration.isna(),
        "accepted_values(status)": ~status.isin(["active", "inactive"]),
        "valid_date_or_empty(deactivation_date)": ~empty(deactivation_text) & deactivation.isna(),
    }
    ok = ~pd.concat(list(flags.values()), axis=1).any(axis=1)
    flags["unique(customer_id)"] = first_valid(customer_id, ok)
    warnings = int((~text(raw["county"]).str.lower().isin(COUNTIES)).sum())
    keep = ok & ~flags["unique(customer_id)"]
    customers = pd.DataFrame({
        "customer_id": customer_id,
        "name": text(raw["name"]).replace("", None),
        "county": text(raw["county"]).replace("", None),
        "registration_date": registration,
        "deactivation_date": deactivation,
        "status": np.where(status == "active", "Active", "Inactive"),
    })[keep].reset_index(drop=True)
    customers.to_parquet(os.path.join(out, "curated", "customers.parquet"), index=False)
    quarantined = quarantine(raw, flags, os.path.join(out, "quarantine", "customers.parquet"))
    print(f"pandas customers: {len(raw)} rows in, {len(customers)} out, {quarantined} quarantined, "
          f"{warnings} warnings", file=sys.stderr)
    return customers


def curate_transactions(path, out, customers):
    raw = read_export(path)
    txn_id = text(raw["txn_id"])
    cust_id = text(raw["cust_id"])
    amount = to_number(text(raw["amount"]))
    timestamp = to_timestamp(text(raw["timestamp"]))
    flags = {
        "not_empty(txn_id)": empty(txn_id),
        "positive_number(amount)": ~positive(amount),
        "valid_timestamp(timestamp)": timestamp.isna(),
        "reference(cust_id -> customers.customer_id)": ~cust_id.isin(customers["customer_id"]),
    }
    ok = ~pd.concat(list(flags.values()), axis=1).any(axis=1)
    flags["unique(txn_id)"] = first_valid(txn_id, ok)
    keep = ok & ~flags["unique(txn_id)"]
    transactions = pd.DataFrame({
        "txn_id": txn_id,
        "customer_id": cust_id,
        "amount": amount,
        "channel": text(raw["channel"]).replace("", None),
        "txn_timestamp": timestamp,
        "txn_date": timestamp.dt.normalize(),
    })[keep].reset_index(drop=True)
    transactions.to_parquet(os.path.join(out, "curated", "transactions.parquet"), index=False)
    quarantined = quarantine(raw, flags, os.path.join(out, "quarantine", "transactions.parquet"))
    print(f"pandas transactions: {len(raw)} rows in, {len(transactions)} out, {quarantined} quarantined",
          file=sys.stderr)
    return transactions


def curate_loans(path, out, customers):
    raw = read_export(path)
    loan_id = text(raw["loan_id"])
    customer_id = text(raw["customer_id"])
    loan_amount = to_number(text(raw["loan_amount"]))
    loan_date = to_date(text(raw["loan_date"]))
    repaid = text(raw["repaid"]).str.lower().map(TRUE_VALUES)
    repaid_amount_text = text(raw["repaid_amount"])
    repaid_amount = to_number(repaid_amount_text)
    repaid_date_text = text(raw["repaid_date"])
    repaid_date = to_date(repaid_date_text)
    flags = {
        "not_empty(loan_id)": empty(loan_id),
        "positive_number(loan_amount)": ~positive(loan_amount),
        "valid_date(loan_date)": loan_date.isna(),
        "valid_boolean(repaid)": repaid.isna(),
        "non_negative_number_or_empty(repaid_amount)":
            ~empty(repaid_amount_text) & ~(np.isfinite(repaid_amount) & (repaid_amount >= 0)),
        "valid_date_or_empty(repaid_date)": ~empty(repaid_date_text) & repaid_date.isna(),
        "reference(customer_id -> customers.customer_id)": ~customer_id.isin(customers["customer_id"]),
    }
    ok = ~pd.concat(list(flags.values()), axis=1).any(axis=1)
    flags["unique(loan_id)"] = first_valid(loan_id, ok)
    keep = ok & ~flags["unique(loan_id)"]
    loans = pd.DataFrame({
        "loan_id": loan_id,
        "customer_id": customer_id,
        "loan_amount": loan_amount,
        "loan_date": loan_date,
        "repaid": repaid.astype("boolean"),
        "repaid_amount": repaid_amount.fillna(0.0),
        "repaid_date": repaid_date,
    })[keep].reset_index(drop=True)
    loans.to_parquet(os.path.join(out, "curated", "loans.parquet"), index=False)
    quarantined = quarantine(raw, flags, os.path.join(out, "quarantine", "loans.parquet"))
    print(f"pandas loans: {len(raw)} rows in, {len(loans)} out, {quarantined} quarantined", file=sys.stderr)
    return loans


def customer_features(customers, transactions, loans, as_of):
    txn = transactions[transactions["txn_date"] <= as_of]
    txn_stats = txn.groupby("customer_id").agg(
        total_txn_amount=("amount", "sum"),
        avg_txn_amount=("amount", "mean"),
        txn_count=("amount", "size"),
        last_txn_date=("txn_date", "max"))

    channel_counts = (txn.dropna(subset=["channel"])
                      .groupby(["customer_id", "channel"]).size().rename("uses").reset_index())
    ranked = channel_counts.sort_values(["customer_id", "uses", "channel"], ascending=[True, False, True])
    channel_stats = ranked.groupby("customer_id").agg(
        unique_channels=("channel", "size"),
        most_used_channel=("channel", "first"))

    loan = loans[loans["loan_date"] <= as_of].copy()
    repaid_by_as_of = loan["repaid_date"].isna() | (loan["repaid_date"] <= as_of)
    loan["repaid_as_of"] = (loan["repaid"].fillna(False) & repaid_by_as_of).astype(bool)
    loan["repaid_amount_as_of"] = loan["repaid_amount"].where(repaid_by_as_of, 0.0)
    loan["repaid_share"] = loan["repaid_as_of"].astype(float)
    loan["active"] = (~loan["repaid_as_of"]).astype("int64")
    loan_stats = loan.groupby("customer_id").agg(
        total_loans=("loan_amount", "size"),
        total_loan_amount=("loan_amount", "sum"),
        total_repaid_amount=("repaid_amount_as_of", "sum"),
        repayment_ratio=("repaid_share", "mean"),
        active_loans=("active", "sum"))

    features = (customers[customers["registration_date"] <= as_of]
                [["customer_id", "county", "status", "registration_date", "deactivation_date"]]
                .merge(txn_stats, on="customer_id", how="left")
                .merge(channel_stats, on="customer_id", how="left")
                .merge(loan_stats, on="customer_id", how="left"))
    features["total_txn_amount"] = features["total_txn_amount"].fillna(0.0)
    features["txn_count"] = features["txn_count"].fillna(0).astype("int64")
    features["unique_channels"] = features["unique_channels"].fillna(0).astype("int64")
    features["days_since_last_txn"] = (as_of - features["last_txn_date"]).dt.days.astype("Int64")
    features["total_loans"] = features["total_loans"].fillna(0).astype("int64")
    features["total_loan_amount"] = features["total_loan_amount"].fillna(0.0)
    features["total_repaid_amount"] = features["total_repaid_amount"].fillna(0.0)
    features["active_loans"] = features["active_loans"].fillna(0).astype("int64")
    features["days_since_registration"] = (as_of - features["registration_date"]).dt.days
    deactivated = features["deactivation_date"].notna() & (features["deactivation_date"] < as_of)
    end = features["deactivation_date"].where(deactivated, as_of)
    features["tenure_days"] = (end - features["registration_date"]).dt.days
    features["as_of"] = as_of
    return features[["customer_id", "county", "status", "registration_date", "deactivation_date",
                     "total_txn_amount", "avg_txn_amount", "txn_count", "unique_channels", "most_used_channel",
                     "last_txn_date", "days_since_last_txn", "total_loans", "total_loan_amount",
                     "total_repaid_amount", "repayment_ratio", "active_loans", "days_since_registration",
                     "tenure_days", "as_of"]]


def by_county(frame, column, how, name):
    """Per county (missing county is its own group), ordered by the metric rounded to 9 decimals, then county."""
    grouped = frame.groupby("county", dropna=False)[column].agg(how).rename(name).reset_index()
    grouped["_order"] = grouped[name].round(9)
    return grouped.sort_values(["_order", "county"], ascending=[False, True], na_position="last").drop(columns="_order")


def insights(features):
    f = features
    result = {}
    result["avg-transaction-amount-by-county"] = by_county(
        f[f["avg_txn_amount"].notna()], "avg_txn_amount", "mean", "avg_transaction_amount")
    result["total-transactions-by-county"] = by_county(f, "txn_count", "sum", "total_transactions")
    borrowers = f[f["total_loans"] > 0]
    loan_metrics = borrowers.groupby("county", dropna=False).agg(
        avg_loan_amount=("total_loan_amount", "mean"), borrowers=("total_loan_amount", "size")).reset_index()
    loan_metrics["_order"] = loan_metrics["avg_loan_amount"].round(9)
    result["loan-metrics-by-county"] = loan_metrics.sort_values(
        ["_order", "county"], ascending=[False, True], na_position="last").drop(columns="_order")
    result["total-loans-by-county"] = by_county(f, "total_loans", "sum", "total_loans")
    active = f.assign(active=(f["status"] == "Active").astype("int64"))
    result["active-subscribers-by-county"] = by_county(active, "active", "sum", "active_subscribers")
    result["avg-repayment-ratio-by-county"] = by_county(
        f[f["repayment_ratio"].notna()], "repayment_ratio", "mean", "avg_repayment_ratio")
    inactive = int((f["status"] == "Inactive").sum())
    result["inactive-subscriber-percentage"] = pd.DataFrame([{
        "inactive_percentage": 100.0 * inactive / len(f) if len(f) else None,
        "inactive": inactive, "subscribers": len(f)}])
    result["total-loan-amount"] = pd.DataFrame([{"total_loan_amount": float(f["total_loan_amount"].sum())}])
    result["total-transaction-amount"] = pd.DataFrame(
        [{"total_transaction_amount": float(f["total_txn_amount"].sum())}])
    channels = (f[f["most_used_channel"].notna()].groupby("most_used_channel").size().rename("customers")
                .reset_index().rename(columns={"most_used_channel": "channel"}))
    result["most-used-channel-distribution"] = channels.sort_values(["customers", "channel"], ascending=[False, True])
    return {name: [{k: plain(v) for k, v in row.items()} for row in table.to_dict(orient="records")]
            for name, table in result.items()}


def plain(value):
    """JSON-friendly scalars: numpy numbers as Python numbers, NaN and missing as null."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return None if math.isnan(value) else float(value)
    return value


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("input")
    parser.add_argument("out")
    parser.add_argument("--as-of", required=True, help="YYYY-MM-DD")
    args = parser.parse_args(argv)
    as_of = pd.Timestamp(args.as_of)
    started = time.monotonic()
    for zone in ("curated", "quarantine", "cleaned"):
        os.makedirs(os.path.join(args.out, zone), exist_ok=True)
    step("start")
    customers = curate_customers(os.path.join(args.input, "customerdata.csv"), args.out)
    step("curate customers")
    transactions = curate_transactions(os.path.join(args.input, "mpesatransactionsdata.csv"), args.out, customers)
    step("curate transactions")
    loans = curate_loans(os.path.join(args.input, "fulizadata.csv"), args.out, customers)
    step("curate loans")
    features = customer_features(customers, transactions, loans, as_of)
    features.to_parquet(os.path.join(args.out, "cleaned", "customer_features.parquet"), index=False)
    step("features")
    with open(os.path.join(args.out, "insights.json"), "w") as handle:
        json.dump(insights(features), handle, indent=2)
    step("insights")
    print(f"pandas total {time.monotonic() - started:.2f}s", file=sys.stderr)


if __name__ == "__main__":
    main()
