/**
 * Process tests: Tessera as a real separate process (the packaged {@code quarkus-run.jar}, {@code -Xmx256m}), driven
 * over loopback HTTP. They are failsafe integration tests ({@code *IT}), run by {@code ./mvnw verify} after
 * {@code package}; never {@code @QuarkusTest}.
 * <ul>
 * <li>{@link io.tessera.process.TesseraProcess} starts, stops (SIGTERM) and kills (SIGKILL) the server on a free port
 * with its own data folder and token, logging to {@code <build dir>/process-it/<test>-<n>/data-tessera.log}.</li>
 * <li>{@link io.tessera.process.CrashDuringStowIT}: kill -9 right after an acknowledged STOW, and in the middle of a
 * large streamed STOW; after restart only whole instances are visible, the rest absent everywhere, nothing
 * temporary or orphaned left (index and object store compared through H2 with the server stopped).</li>
 * <li>{@link io.tessera.process.DurableStowIT}: strace on the server during a STOW; the object is synced (file, then
 * folder) and the index commit written before the 200. Skipped with a message where strace may not trace.</li>
 * <li>{@link io.tessera.process.LargeInstanceIT}: one large instance (1 GiB; 2 GiB with
 * {@code -Dtessera.largeInstanceFrames=4096}) stored and retrieved with -Xmx256m, SHA-256 and frames checked. Skip
 * with {@code -Dtessera.skipLargeTests=true}.</li>
 * <li>{@link io.tessera.process.OrthancClientIT}: Debian's Orthanc + DICOMweb plugin as a client (STOW, QIDO,
 * WADO-RS retrieve); skipped with a message when Orthanc, the plugin or pydicom is absent.</li>
 * </ul>
 * Only these: {@code ./mvnw -B verify -Dtest=NONE -Dsurefire.failIfNoSpecifiedTests=false [-Dit.test=LargeInstanceIT]}.
 * {@code -Dtessera.it.env.NAME=value} passes an environment variable to every server started (to try a setting).
 * A failing test keeps its folder under {@code process-it/} for inspection; passing ones delete their data.
 */
package io.tessera.process;
