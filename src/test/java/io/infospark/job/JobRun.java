package io.infospark.job;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** The outcome of one {@link Main#run} in a test: exit code and what it printed. */
record JobRun(int code, String out, String err) {

  static JobRun of(String... args) {
    return with(Jobs.standard(), args);
  }

  static JobRun with(Jobs jobs, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e, jobs);
    }
    return new JobRun(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Exit code 2 with exactly one line {@code infospark: …} on stderr. */
  boolean isOneLineBadInput() {
    return code == Main.BAD_INPUT && err.startsWith("infospark: ") && err.strip().lines().count() == 1;
  }

  @Override
  public String toString() {
    return "exit " + code + "\n--- out\n" + out + "--- err\n" + err;
  }
}
