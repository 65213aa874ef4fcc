/**
 * Jobs: the command-line runner ({@link io.infospark.job.Main}), its configuration
 * ({@link io.infospark.job.JobConfig}, which owns every key), the registry of jobs
 * ({@link io.infospark.job.Jobs}) and the writers of results (history table, summary JSON).
 * A job has no math: it parses its configuration, calls {@link io.infospark.api.InfoSpark} and
 * writes what it gets back.
 */
package io.infospark.job;
