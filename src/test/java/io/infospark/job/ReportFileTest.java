package io.infospark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.infospark.testing.SparkTestSession;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report key: written atomically by the job, and a job that forgets it is a bug (exit 1). */
class ReportFileTest {
  @TempDir
  Path dir;

  /** A job that writes a report only when told to. */
  private static Job stub(boolean writes) {
    return new Job() {
      @Override public String name() { return "stub"; }
      @Override public String description() { return "test stub"; }
      @Override public List<JobConfig.Key<?>> keys() { return List.of(); }
      @Override public void run(JobContext context) throws Exception {
        if (writes) {
          ReportFile.write(context, facts -> "<html>" + facts.get("job") + " " + facts.get("report") + "</html>");
        }
      }
    };
  }

  @Test
  void writtenWithTheRunsFacts() throws Exception {
    SparkTestSession.get();
    Path report = dir.resolve("sub/r.html");
    JobRun r = JobRun.with(new Jobs(stub(true)), "stub", "--report", report.toString(), "--run-id", "x1");
    assertEquals(0, r.code(), r.toString());
    assertEquals("<html>stub " + report + "</html>", Files.readString(report));
    try (var files = Files.list(report.getParent())) {
      assertEquals(1, files.count(), "no temporary file left");
    }
  }

  @Test
  void aJobThatIgnoresTheKeyIsABug() {
    SparkTestSession.get();
    JobRun r = JobRun.with(new Jobs(stub(false)), "stub", "--report", dir.resolve("r.html").toString());
    assertEquals(Main.FAILED, r.code(), r.toString());
    assertTrue(r.err().contains("wrote no report"), r.toString());
  }
}
