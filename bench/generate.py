#!/usr/bin/env python3
"""Synthetic M-Pesa/Fuliza exports for the benchmark, in the source system's layout.

    generate.py --customers N --out DIR [--seed S] [--dirty-rate R]

writes DIR/customerdata.csv, DIR/mpesatransactionsdata.csv and DIR/fulizadata.csv with about 20 transactions and
2.4 Fuliza loans per customer (dates in 2024). A share R of the rows (0.5% by default) is made dirty the ways real
exports are: unparseable amounts and dates, empty or duplicate ids, unknown status values and references to
customers that do not exist, so that the pipelines' quarantine paths do real work.

Output depends only on N, the seed and R. Customers are produced in chunks of 50,000 with their transactions and
loans, so memory stays bounded at any N. This is a benchmark tool only, not the product's data generator.
"""
import argparse
import os
import sys
import time

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

COUNTIES = [
    "Mombasa", "Kwale", "Kilifi", "Tana River", "Lamu", "Taita Taveta", "Garissa", "Wajir", "Mandera", "Marsabit",
    "Isiolo", "Meru", "Tharaka Nithi", "Embu", "Kitui", "Machakos", "Makueni", "Nyandarua", "Nyeri", "Kirinyaga",
    "Murang'a", "Kiambu", "Turkana", "West Pokot", "Samburu", "Trans Nzoia", "Uasin Gishu", "Elgeyo Marakwet", "Nandi",
    "Baringo", "Laikipia", "Nakuru", "Narok", "Kajiado", "Kericho", "Bomet", "Kakamega", "Vihiga", "Bungoma", "Busia",
    "Siaya", "Kisumu", "Homa Bay", "Migori", "Kisii", "Nyamira", "Nairobi"]
# Towns that analysts find typed into the county column; valid rows, flagged only as a warning.
TOWNS = ["Thika", "Eldoret", "Kitale", "Malindi"]
CHANNELS = ["USSD", "M-PESA App", "Lipa Na M-PESA", "Agent"]
FIRST = ["Wanjiku", "Otieno", "Achieng", "Mwangi", "Kamau", "Njeri", "Wambui", "Kiprop", "Chebet", "Mutua", "Mueni",
         "Omondi", "Akinyi", "Kariuki", "Wairimu", "Kipchoge", "Jepkosgei", "Onyango", "Adhiambo", "Mohamed", "Amina",
         "Hassan", "Fatuma", "Njoroge", "Muthoni", "Barasa", "Nafula", "Wekesa", "Nekesa", "Ochieng"]
LAST = ["Kamau", "Odhiambo", "Atieno", "Njoroge", "Mwangi", "Kiplagat", "Rotich", "Musyoka", "Wafula", "Onyango",
        "Otieno", "Mutiso", "Korir", "Cheruiyot", "Ndungu", "Gitau", "Abdi", "Ali", "Wanyama", "Were", "Ouma", "Kibet",
        "Maina", "Kimani", "Macharia"]

DAY = 86_400
Y2018 = int(np.datetime64("2018-01-01", "s").astype(np.int64))
Y2024 = int(np.datetime64("2024-01-01", "s").astype(np.int64))
Y2025 = int(np.datetime64("2025-01-01", "s").astype(np.int64))
CHUNK = 50_000

CUSTOMER_HEADER = "Customer_ID,Name,County,Registration_Date,Deactivation_Date,Status"
TXN_HEADER = "Txn_ID,Cust_ID,Amount,Channel,Timestamp"
LOAN_HEADER = "Loan_ID,Customer_ID,Loan_Amount,Loan_Date,Repaid_Amount,Repaid,Repaid_Date"


def ids(prefix, start, count, width):
    return numbered(prefix, np.arange(start, start + count, dtype=np.int64), width)


def numbered(prefix, numbers, width):
    text = pc.cast(pa.array(numbers, pa.int64()), pa.string())
    return pc.binary_join_element_wise(pa.scalar(prefix), pc.utf8_lpad(text, width, "0"), "")


def customer_ids(numbers, width):
    return numbered("C", numbers, width)


def money(values):
    """Amounts with two decimals, as the exports print them (e.g. 145.05, 2300.00)."""
    cents = np.maximum(np.rint(values * 100).astype(np.int64), 1)
    whole = pc.cast(pa.array(cents // 100), pa.string())
    frac = pc.utf8_lpad(pc.cast(pa.array(cents % 100), pa.string()), 2, "0")
    return pc.binary_join_element_wise(whole, frac, ".")


def dates(seconds):
    return pc.strftime(pa.array(seconds.astype("datetime64[s]")), format="%Y-%m-%d")


def timestamps(seconds):
    return pc.strftime(pa.array(seconds.astype("datetime64[s]")), format="%Y-%m-%d %H:%M:%S")


def pick(rng, choices, size, p=None):
    return pa.array(np.asarray(choices, dtype=object)[rng.choice(len(choices), size=size, p=p)], pa.string())


class Dirt:
    """Chooses the dirty rows of a chunk and the kind of damage each gets."""

    def __init__(self, rng, rate):
        self.rng = rng
        self.rate = rate

    def rows(self, n, kinds):
        """A dict kind -> row indices; each row is dirty with probability `rate`, spread evenly over the kinds."""
        if self.rate <= 0 or n == 0:
            return {k: np.empty(0, dtype=np.int64) for k in kinds}
        dirty = np.flatnonzero(self.rng.random(n) < self.rate)
        kind = self.rng.integers(0, len(kinds), size=len(dirty))
        return {k: dirty[kind == i] for i, k in enumerate(kinds)}


def replace(rng, column, rows, bad_values):
    """column (pyarrow string array) with the given rows set to values drawn from bad_values."""
    if len(rows) == 0:
        return column
    mask = np.zeros(len(column), dtype=bool)
    mask[rows] = True
    bad = np.asarray(bad_values, dtype=object)[rng.integers(0, len(bad_values), size=len(column))]
    return pc.if_else(pa.array(mask), pa.array(bad, pa.string()), column)


def with_duplicates(rng, table, id_column, rows, alter=None):
    """Adds a copy of each of `rows` (same id, possibly other values), each placed after its original."""
    if len(rows) == 0:
        return table
    copies = table.take(pa.array(rows))
    if alter is not None:
        copies = alter(copies)
    n = table.num_rows
    key = np.concatenate([np.arange(n, dtype=np.float64),
                          rows + 0.5 + rng.random(len(rows)) * (n - 1 - rows)])
    combined = pa.concat_tables([table, copies])
    return combined.take(pa.array(np.argsort(key, kind="stable")))


def customers_chunk(rng, dirt, first, n, width):
    registration = Y2018 + (rng.random(n) * (Y2025 - DAY - Y2018)).astype(np.int64) // DAY * DAY
    inactive = rng.random(n) < 0.15
    active_from = np.maximum(registration, Y2024)
    deactivation = active_from + (rng.random(n) * (Y2025 - DAY - active_from)).astype(np.int64) // DAY * DAY
    county_weights = np.ones(len(COUNTIES))
    county_weights[COUNTIES.index("Nairobi")] = 8
    county_weights[COUNTIES.index("Mombasa")] = 3
    county_weights[COUNTIES.index("Kiambu")] = 3
    county_weights[COUNTIES.index("Nakuru")] = 2.5
    county_weights[COUNTIES.index("Kisumu")] = 2.5
    county = pick(rng, COUNTIES, n, county_weights / county_weights.sum())
    towns = np.flatnonzero(rng.random(n) < 0.002)
    county = replace(rng, county, towns, TOWNS)
    name = pc.binary_join_element_wise(pick(rng, FIRST, n), pick(rng, LAST, n), " ")
    status = pa.array(np.where(inactive, "Inactive", "Active").astype(object), pa.string())
    odd_case = np.flatnonzero(rng.random(n) < 0.001)
    status = replace(rng, status, odd_case, ["active", "INACTIVE", " Active "])
    customer_id = ids("C", first, n, width)

    d = dirt.rows(n, ["empty_id", "bad_registration", "bad_status", "bad_deactivation", "duplicate"])
    customer_id = replace(rng, customer_id, d["empty_id"], ["", " "])
    registration_text = replace(rng, dates(registration), d["bad_registration"],
                                ["2024-02-30", "18/05/2023", "2023-13-01", "", "unknown"])
    status = replace(rng, status, d["bad_status"], ["Unknown", "", "Dormant"])
    deactivation_text = pc.if_else(pa.array(inactive), dates(deactivation), pa.scalar("", pa.string()))
    deactivation_text = replace(rng, deactivation_text, d["bad_deactivation"], ["2024-06-31", "never"])
    table = pa.table({"Customer_ID": customer_id, "Name": name, "County": county,
                      "Registration_Date": registration_text, "Deactivation_Date": deactivation_text,
                      "Status": status})
    table = with_duplicates(rng, table, "Customer_ID", d["duplicate"], alter=lambda t: t.set_column(
        2, "County", pick(rng, COUNTIES, t.num_rows)))
    return table, registration


def transactions_chunk(rng, dirt, first_txn, customer_numbers, registration, width):
    n_customers = len(customer_numbers)
    per_customer = rng.negative_binomial(2, 2 / (2 + 20.0), size=n_customers)
    owner = np.repeat(np.arange(n_customers), per_customer)
    n = len(owner)
    # Each customer leans towards one channel.
    favourite = rng.integers(0, len(CHANNELS), size=n_customers)
    loyal = rng.random(n) < 0.55
    channel_index = np.where(loyal, favourite[owner], rng.integers(0, len(CHANNELS), size=n))
    channel = pa.array(np.asarray(CHANNELS, dtype=object)[channel_index], pa.string())
    start = np.maximum(registration[owner], Y2024)
    seconds = start + (rng.random(n) * (Y2025 - 1 - start)).astype(np.int64)
    amount = rng.lognormal(mean=6.0, sigma=1.1, size=n).clip(1, 250_000)
    order = rng.permutation(n)  # exports list transactions in arrival order, not grouped by customer
    owner, channel, seconds, amount = owner[order], channel.take(pa.array(order)), seconds[order], amount[order]
    cust_id = customer_ids(customer_numbers[owner], width)
    txn_id = ids("T", first_txn, n, 10)

    d = dirt.rows(n, ["empty_id", "bad_amount", "bad_timestamp", "unknown_customer", "duplicate"])
    txn_id = replace(rng, txn_id, d["empty_id"], [""])
    amount_text = replace(rng, money(amount), d["bad_amount"], ["-50.00", "0", "0.00", "", "abc", "12O.50", "NaN"])
    timestamp_text = replace(rng, timestamps(seconds), d["bad_timestamp"],
                             ["2024-02-30 10:00:00", "2024-13-01 08:00:00", "2024-05-01", "01/05/2024 10:00",
                              "", "yesterday", "2024-04-31 23:59:59"])
    cust_id = replace(rng, cust_id, d["unknown_customer"], ["C" + "9" * width, "X0001", "", "CUST-404"])
    table = pa.table({"Txn_ID": txn_id, "Cust_ID": cust_id, "Amount": amount_text, "Channel": channel,
                      "Timestamp": timestamp_text})
    return with_duplicates(rng, table, "Txn_ID", d["duplicate"], alter=lambda t: t.set_column(
        2, "Amount", money(rng.lognormal(6.0, 1.1, size=t.num_rows))))


def loans_chunk(rng, dirt, first_loan, customer_numbers, registration, width):
    n_customers = len(customer_numbers)
    per_customer = rng.negative_binomial(0.8, 0.8 / (0.8 + 2.4), size=n_customers)
    owner = np.repeat(np.arange(n_customers), per_customer)
    n = len(owner)
    start = np.maximum(registration[owner], Y2024)
    loan_day = start + (rng.random(n) * (Y2025 - DAY - start)).astype(np.int64) // DAY * DAY
    amount = np.round(rng.lognormal(mean=7.0, sigma=0.9, size=n).clip(10, 70_000), 2)
    repaid = rng.random(n) < 0.78
    repaid_day = loan_day + rng.integers(1, 31, size=n) * DAY  # may fall in 2025, after the as-of date
    partial = np.where(rng.random(n) < 0.5, 0.0, np.round(amount * rng.random(n) * 0.9, 2))
    repaid_amount = np.where(repaid, amount, partial)
    cust_id = customer_ids(customer_numbers[owner], width)
    loan_id = ids("L", first_loan, n, 9)
    repaid_amount_text = pc.if_else(pa.array(repaid_amount == 0), pa.scalar("0.00", pa.string()),
                                    money(np.maximum(repaid_amount, 0.01)))
    repaid_text = pa.array(np.where(repaid, "True", "False").astype(object), pa.string())
    repaid_date_text = pc.if_else(pa.array(repaid), dates(repaid_day), pa.scalar("", pa.string()))

    d = dirt.rows(n, ["empty_id", "bad_amount", "bad_date", "bad_repaid", "bad_repaid_amount", "unknown_customer",
                      "duplicate"])
    loan_id = replace(rng, loan_id, d["empty_id"], ["", "  "])
    amount_text = replace(rng, money(amount), d["bad_amount"], ["-100.00", "0", "", "n/a"])
    loan_date_text = replace(rng, dates(loan_day), d["bad_date"], ["2024-02-31", "2024/03/01", "", "tomorrow"])
    repaid_text = replace(rng, repaid_text, d["bad_repaid"], ["maybe", "", "Y"])
    repaid_amount_text = replace(rng, repaid_amount_text, d["bad_repaid_amount"], ["-5.00", "abc"])
    cust_id = replace(rng, cust_id, d["unknown_customer"], ["C" + "9" * width, "X0001", ""])
    table = pa.table({"Loan_ID": loan_id, "Customer_ID": cust_id, "Loan_Amount": amount_text,
                      "Loan_Date": loan_date_text, "Repaid_Amount": repaid_amount_text, "Repaid": repaid_text,
                      "Repaid_Date": repaid_date_text})
    return with_duplicates(rng, table, "Loan_ID", d["duplicate"], alter=lambda t: t.set_column(
        2, "Loan_Amount", money(rng.lognormal(7.0, 0.9, size=t.num_rows))))


def write(handle, table):
    pacsv.write_csv(table, handle, pacsv.WriteOptions(include_header=False, quoting_style="none"))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--customers", type=int, required=True, help="number of customers")
    parser.add_argument("--out", required=True, help="directory to write the three CSV exports to")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--dirty-rate", type=float, default=0.005, help="share of rows made invalid (default 0.005)")
    args = parser.parse_args(argv)
    if args.customers < 1:
        parser.error("--customers must be at least 1")
    if not 0 <= args.dirty_rate < 1:
        parser.error("--dirty-rate must be in [0, 1)")

    started = time.monotonic()
    os.makedirs(args.out, exist_ok=True)
    width = max(7, len(str(args.customers)))
    paths = [os.path.join(args.out, name) for name in
             ("customerdata.csv", "mpesatransactionsdata.csv", "fulizadata.csv")]
    partial = [p + ".partial" for p in paths]
    counts = [0, 0, 0]
    next_txn, next_loan = 1, 1
    with open(partial[0], "wb") as customers, open(partial[1], "wb") as txns, open(partial[2], "wb") as loans:
        for handle, header in zip((customers, txns, loans), (CUSTOMER_HEADER, TXN_HEADER, LOAN_HEADER)):
            handle.write((header + "\n").encode())
        for chunk, first in enumerate(range(1, args.customers + 1, CHUNK)):
            n = min(CHUNK, args.customers + 1 - first)
            # One independent stream per chunk: the output does not depend on how chunks are scheduled.
            rng = np.random.default_rng([args.seed, chunk])
            dirt = Dirt(rng, args.dirty_rate)
            customer_table, registration = customers_chunk(rng, dirt, first, n, width)
            numbers = np.arange(first, first + n, dtype=np.int64)
            txn_table = transactions_chunk(rng, dirt, next_txn, numbers, registration, width)
            loan_table = loans_chunk(rng, dirt, next_loan, numbers, registration, width)
            next_txn += txn_table.num_rows
            next_loan += loan_table.num_rows
            for i, (handle, table) in enumerate(((customers, customer_table), (txns, txn_table),
                                                 (loans, loan_table))):
                write(handle, table)
                counts[i] += table.num_rows
    for p, final in zip(partial, paths):
        os.replace(p, final)
    print(f"generated {counts[0]:,} customers, {counts[1]:,} transactions, {counts[2]:,} loans "
          f"(seed {args.seed}, dirty rate {args.dirty_rate}) in {args.out} in {time.monotonic() - started:.1f} s",
          file=sys.stderr)


if __name__ == "__main__":
    main()
