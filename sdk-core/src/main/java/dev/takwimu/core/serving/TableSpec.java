package dev.takwimu.core.serving;

import dev.takwimu.core.DatasetId;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How one lake dataset is served: its natural key and the indexes its readers need. The domain knows these (the
 * safaricom module lists its datasets'); a dataset without a spec is served as a plain table.
 *
 * @param dataset the lake dataset
 * @param primaryKey the columns that identify a row; empty when the dataset has no natural key
 * @param indexes each index's columns, in order
 */
public record TableSpec(DatasetId dataset, List<String> primaryKey, List<List<String>> indexes) {
  public TableSpec {
    Objects.requireNonNull(dataset, "dataset");
    primaryKey = List.copyOf(primaryKey);
    indexes = indexes.stream().map(List::copyOf).toList();
    if (indexes.stream().anyMatch(List::isEmpty)) {
      throw new IllegalArgumentException("An index of " + dataset + " has no column");
    }
  }

  /** A dataset served as a plain table: no key, no index. */
  public static TableSpec of(DatasetId dataset) {
    return new TableSpec(dataset, List.of(), List.of());
  }

  /** This spec with the given primary key. */
  public TableSpec withPrimaryKey(String... columns) {
    return new TableSpec(dataset, List.of(columns), indexes);
  }

  /** This spec with one more index over the given columns. */
  public TableSpec withIndex(String... columns) {
    List<List<String>> more = new ArrayList<>(indexes);
    more.add(List.of(columns));
    return new TableSpec(dataset, primaryKey, more);
  }

  /**
   * The specs of the given datasets, in their order: a known spec where there is one, a plain table otherwise.
   *
   * @param datasets what to serve
   * @param known specs provided by the domain, e.g. {@code SafaricomServing.TABLES}
   */
  public static List<TableSpec> resolve(Collection<DatasetId> datasets, Collection<TableSpec> known) {
    Map<DatasetId, TableSpec> byDataset = new LinkedHashMap<>();
    known.forEach(spec -> byDataset.put(spec.dataset(), spec));
    return datasets.stream().distinct().map(id -> byDataset.getOrDefault(id, of(id))).toList();
  }
}
