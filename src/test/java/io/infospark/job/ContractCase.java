package io.infospark.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One run of a job through the command line with the contract every run must keep (DESIGN.md §3,
 * the brief): exit 0, 2 or 3 (4 for a fit that did not converge); on 2 exactly one line
 * {@code infospark: …} naming the culprit; no stack trace; no input file and no earlier output
 * changed; a summary only where the run succeeded (or exceeded a threshold, which writes first).
 */
final class ContractCase {
  static final String SENTINEL = "{\"earlier\": true}\n";

  private ContractCase() {}

  /** Hashes of every file under the paths, by path. */
  static Map<String, String> snapshot(Path... roots) throws IOException {
    Map<String, String> out = new TreeMap<>();
    for (Path root : roots) {
      if (!Files.exists(root)) {
        continue;
      }
      try (Stream<Path> s = Files.walk(root)) {
        for (Path f : s.filter(Files::isRegularFile).toList()) {
          out.put(f.toString(), hash(Files.readAllBytes(f)));
        }
      }
    }
    return out;
  }

  private static String hash(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Runs the job and checks the contract.
   *
   * @param inputs the files the run reads (must not change)
   * @param earlier an earlier run's history partition in the run's output folder (must not change)
   * @param summary the run's summary path, holding {@link #SENTINEL} before the run
   * @param culprits words of which an exit-2 message must name at least one (keys, columns, paths)
   * @param allowed the exit codes this job may end with
   * @return the run, with its summary when one was written
   */
  static Result run(List<String> args, List<Path> inputs, Path earlier, Path summary, List<String> culprits,
      List<Integer> allowed) throws IOException {
    Files.writeString(summary, SENTINEL);
    Map<String, String> before = snapshot(inputs.toArray(new Path[0]));
    Map<String, String> earlierBefore = snapshot(earlier);
    JobRun r = JobRun.of(args.toArray(new String[0]));
    String what = String.join(" ", args) + "\n" + r;
    assertTrue(allowed.contains(r.code()), "exit " + r.code() + ", expected one of " + allowed + ": " + what);
    assertFalse(r.err().contains("\tat ") || r.err().contains("Exception") || r.out().contains("\tat "),
        "a stack trace: " + what);
    assertEquals(before, snapshot(inputs.toArray(new Path[0])), "an input file changed: " + what);
    assertEquals(earlierBefore, snapshot(earlier), "the earlier run's output changed: " + what);
    if (earlier.getParent() != null && Files.isDirectory(earlier.getParent())) {
      try (Stream<Path> s = Files.list(earlier.getParent())) {
        List<String> leftovers = s.map(p -> p.getFileName().toString())
            .filter(n -> n.startsWith(".tmp-") || n.startsWith(".old-")).toList();
        assertEquals(List.of(), leftovers, "leftovers in the output folder: " + what);
      }
    }
    String summaryText = Files.readString(summary, StandardCharsets.UTF_8);
    JsonNode json = null;
    if (r.code() == Main.BAD_INPUT) {
      assertTrue(r.isOneLineBadInput(), "exit 2 must be one line 'infospark: …': " + what);
      String line = r.err().strip();
      assertTrue(culprits.stream().anyMatch(line::contains), "the message names none of " + culprits + ": " + what);
      assertEquals(SENTINEL, summaryText, "a failed run replaced the summary: " + what);
    } else {
      json = SummaryWriter.JSON.readTree(summaryText);
      assertEquals(args.get(0), json.path("job").asText(), "the summary is this run's: " + what);
    }
    return new Result(r, json);
  }

  record Result(JobRun run, JsonNode summary) {}
}
