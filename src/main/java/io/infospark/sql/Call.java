package io.infospark.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * What every infospark function knows to print itself as the user wrote it: its SQL name and the
 * SQL text of its constant base argument (null when the call had none). The base is not a child
 * expression (it is fixed at analysis), so it is added back here.
 */
interface Call {
  String name();

  String baseSql();

  /** {@code name([DISTINCT ]arg1, arg2[, base])}: the default column name of the call. */
  static String sql(Call f, List<String> args, boolean distinct) {
    List<String> all = new ArrayList<>(args);
    if (f.baseSql() != null) {
      all.add(f.baseSql());
    }
    return f.name() + "(" + (distinct ? "DISTINCT " : "") + String.join(", ", all) + ")";
  }
}
