package dev.takwimu.safaricom;

import dev.takwimu.core.DatasetId;
import dev.takwimu.core.ModelDefinition;
import dev.takwimu.core.serving.TableSpec;
import java.util.List;
import java.util.stream.Stream;

/**
 * How the Safaricom datasets are served from a database (docs/serving.md): each table's natural key, and the indexes
 * per-customer look-ups and the county insights use.
 */
public final class SafaricomServing {
  /** The curated and cleaned datasets of the pipeline, the churn risk list and the two models' scores. */
  public static final List<TableSpec> TABLES = Stream.concat(
      Stream.of(
          TableSpec.of(SafaricomPipeline.CUSTOMERS).withPrimaryKey("customer_id").withIndex("county"),
          TableSpec.of(SafaricomPipeline.TRANSACTIONS).withPrimaryKey("txn_id")
              .withIndex("customer_id", "txn_timestamp"),
          TableSpec.of(SafaricomPipeline.LOANS).withPrimaryKey("loan_id").withIndex("customer_id", "loan_date"),
          TableSpec.of(SafaricomPipeline.CUSTOMER_FEATURES).withPrimaryKey("customer_id").withIndex("county"),
          TableSpec.of(ChurnModel.RISK).withPrimaryKey("customer_id").withIndex("risk_rank")),
      SafaricomModels.ALL.stream().map(SafaricomServing::scores)).toList();

  private SafaricomServing() {}

  /** The spec of a dataset, or a plain table's when the domain does not know it. */
  public static TableSpec spec(DatasetId dataset) {
    return TableSpec.resolve(List.of(dataset), TABLES).get(0);
  }

  private static TableSpec scores(ModelDefinition model) {
    return TableSpec.of(model.scores()).withPrimaryKey(model.idColumn());
  }
}
