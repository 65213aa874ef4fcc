package io.infospark.measure;

import io.infospark.core.TextWidth;
import io.infospark.core.LogBase;
import io.infospark.result.Fields;
import io.infospark.result.ResultTable;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.types.StructType;

/**
 * The entropy profile of a set of columns: one {@link ColumnProfile} per column, all in one unit.
 * Small (one entry per column), so it lives on the driver; {@link #toDataFrame} turns it into a
 * table and {@link #toString} into a readable one.
 *
 * <pre>{@code
 * EntropyProfile p = InfoSpark.profile(df, ProfileOptions.defaults().withBase(LogBase.TWO));
 * System.out.println(p);                       // a table
 * double h = p.column("city").estimate().entropy();
 * }</pre>
 */
public final class EntropyProfile extends ResultTable<ColumnProfile> {
  private static final long serialVersionUID = 1L;

  /** The table small-sample estimators show in, below the main one. */
  private static final String SMALL_SAMPLES = "small samples";

  /**
   * One column's fields: the result table's columns ({@link #SCHEMA}), the summary's objects
   * ({@code columns[]}, names fixed by DESIGN.md §3 and §5.6) and the text table's columns.
   */
  public static final Fields<ColumnProfile> FIELDS = Fields.<ColumnProfile>builder()
      .text("column", ColumnProfile::column).shown("column").shownIn(SMALL_SAMPLES, "column")
      .text("type", ColumnProfile::type).shown("type", p -> TextWidth.cut(p.type(), 9))
      .count("rows", ColumnProfile::rows)
      .count("nulls", ColumnProfile::nulls).shown("nulls")
      .count("count", p -> p.estimate().total()).shown("count")
      .whole("distinct", p -> p.estimate().distinct()).shown("distinct")
      .number("entropy", p -> p.estimate().entropy()).shown("entropy")
      .number("miller_madow", p -> p.estimate().millerMadow()).shown("mm")
      .number("chao_shen", p -> p.estimate().chaoShen()).shown("chao-shen")
      .number("std_error", p -> p.estimate().stdError()).shown("std.err")
      .number("max_entropy", p -> p.estimate().maxEntropy())
      .number("normalized_entropy", p -> p.estimate().normalizedEntropy()).shown("H/lnK")
      .number("coding_bound_bits", p -> p.estimate().codingBoundBits())
      .text("unit", p -> p.estimate().unit())
      .text("binning", ColumnProfile::binning).orNull().whenNull("none") // none: counted as categories
      .reason(p -> p.estimate().reason())
      .number("grassberger", p -> p.estimate().grassberger())
      .number("james_stein", p -> p.estimate().jamesStein())
      .number("nsb", p -> p.estimate().nsb())
      .number("nsb_sd", p -> p.estimate().nsbSd())
      .number("coverage", p -> p.estimate().coverage()).shownIn(SMALL_SAMPLES, "coverage", p -> p.estimate().coverage()
          == null ? "-" : String.format(Locale.ROOT, "%.4f%s", p.estimate().coverage(),
              p.estimate().undersampled() ? "*" : " "))
      .flag("undersampled", p -> p.estimate().undersampled())
      .whole("alphabet", p -> p.estimate().alphabet()).orNull().nullWithoutReason()
      .shownOnly(SMALL_SAMPLES, "grassberger", p -> Fields.number(p.estimate().grassberger()))
      .shownOnly(SMALL_SAMPLES, "james-stein", p -> Fields.number(p.estimate().jamesStein()))
      .shownOnly(SMALL_SAMPLES, "nsb ± sd", p -> p.estimate().nsb() == null ? "-"
          : String.format(Locale.ROOT, "%.4f ± %.4f", p.estimate().nsb(), p.estimate().nsbSd()))
      .shownOnly(SMALL_SAMPLES, "alphabet", p -> p.estimate().alphabet() == null ? "-"
          : p.estimate().alphabet().toString())
      .build();

  /** The schema of {@link #toDataFrame}; these are also the result table's columns. */
  public static final StructType SCHEMA = FIELDS.schema();

  private final LogBase base;

  public EntropyProfile(LogBase base, List<ColumnProfile> columns) {
    super("columns", columns);
    this.base = base;
  }

  public LogBase base() {
    return base;
  }

  /** {@code nats}, {@code bits} or {@code hartleys}. */
  public String unit() {
    return base.unit();
  }

  public List<ColumnProfile> columns() {
    return items();
  }

  /** The profile of one column by name. */
  public ColumnProfile column(String name) {
    for (ColumnProfile c : items()) {
      if (c.column().equals(name)) {
        return c;
      }
    }
    throw new IllegalArgumentException("no column '" + name + "' in this profile");
  }

  @Override
  public Fields<ColumnProfile> fields() {
    return FIELDS;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(FIELDS.table(items(), Fields.MAIN));
    sb.append("unit: ").append(unit()).append("; ")
        .append("mm = Miller-Madow; H/lnK = entropy relative to the uniform on the values seen");
    if (items().stream().anyMatch(c -> c.estimate().coverage() != null)) {
      sb.append('\n').append(FIELDS.table(items(), SMALL_SAMPLES))
          .append("* undersampled: Good-Turing coverage 1 - f1/N below 0.9, the plug-in "
          + "entropy is biased low; nsb needs the alphabet size (known for booleans and bins, else declared)");
    }
    return sb.toString();
  }
}
