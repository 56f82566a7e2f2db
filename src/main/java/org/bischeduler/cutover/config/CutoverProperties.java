package org.bischeduler.cutover.config;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Everything under {@code cutover.*}: the targets a run may name, and the process's own timings.
 *
 * @param targets by name; a run names one of them
 * @param users   created at start-up when absent (passwords by reference, never inline)
 * @param fleets  by name; a fleet run cuts over each of its targets, the canary first, then in waves
 */
@ConfigurationProperties(prefix = "cutover")
public record CutoverProperties(@DefaultValue Map<String, TargetConfig> targets, @DefaultValue Timings timings,
                                @DefaultValue Map<String, User> users, @DefaultValue Audit audit,
                                @DefaultValue Access access, @DefaultValue Recovery recovery,
                                @DefaultValue Notifications notifications, @DefaultValue Map<String, Fleet> fleets) {

    /**
     * One change across many servers: the canary goes first, through its own sign-off; then the
     * other targets in waves of {@code waveSize}, a wave's targets in parallel.
     *
     * @param targets       names of configured targets
     * @param failureBudget how many failed targets stop the rollout: no wave starts after the one that reached it
     * @param onFailure     what a failure does to the targets already done: {@code this-target} rolls back
     *                      the failed target only (its own run does), the others stay cut over;
     *                      {@code every-target-done}: once failures reach the budget, every target cut over
     *                      so far (the canary too) rolls back as well, each in a run of its own
     * @param reviewBetweenWaves a manager decides, after each wave but the last, whether the next one starts
     */
    public record Fleet(@DefaultValue("") List<String> targets, @DefaultValue("") String canary,
                        @DefaultValue("2") int waveSize, @DefaultValue("1") int failureBudget,
                        @DefaultValue("this-target") String onFailure, @DefaultValue("false") boolean reviewBetweenWaves) {

        public static final String THIS_TARGET = "this-target";
        public static final String EVERY_TARGET_DONE = "every-target-done";
        public static final List<String> ON_FAILURE = List.of(THIS_TARGET, EVERY_TARGET_DONE);

        /** Whether reaching the failure budget rolls back the targets cut over so far. */
        public boolean rollsBackEveryTargetDone() {
            return EVERY_TARGET_DONE.equals(onFailure);
        }

        /** The targets that go together with this one: its wave, or the canary alone. */
        public List<String> waveOf(String target) {
            int number = waveNumber(target);
            return number == 0 ? List.of(target) : waves().get(number - 1);
        }

        /** The number of the target's wave, from 1; 0 for the canary or a target not in the fleet. */
        public int waveNumber(String target) {
            List<List<String>> waves = waves();
            for (int i = 0; i < waves.size(); i++) {
                if (waves.get(i).contains(target)) {
                    return i + 1;
                }
            }
            return 0;
        }

        /** The targets after the canary, in waves, in the order configured. */
        public List<List<String>> waves() {
            List<String> rest = targets.stream().filter(target -> !target.equals(canary)).toList();
            List<List<String>> waves = new java.util.ArrayList<>();
            for (int from = 0; from < rest.size(); from += waveSize) {
                waves.add(rest.subList(from, Math.min(rest.size(), from + waveSize)));
            }
            return waves;
        }
    }

    /**
     * Who is told when people are needed and when a run ends, by e-mail (through {@code spring.mail.*})
     * and by webhook; sending never fails or holds up a cutover.
     *
     * @param managers    told when an approval or an overrun review waits
     * @param operators   told when a failed step or a failed rollback waits for a decision
     * @param subscribers told, with the requester, when a run ends
     * @param users       the app's users (a mailing list, say): sent the announcement of the window and
     *                    of the outcome when an operator sends it from the task
     * @param baseUrl     where people reach this app, for the links to Tasklist and the record
     */
    public record Notifications(@DefaultValue("") List<String> managers, @DefaultValue("") List<String> operators,
                                @DefaultValue("") List<String> subscribers, @DefaultValue("cutover@localhost") String from,
                                @DefaultValue("http://localhost:8080") String baseUrl, @DefaultValue List<Webhook> webhooks,
                                @DefaultValue("3") int attempts, @DefaultValue("PT2S") Duration retryBackoff,
                                @DefaultValue("") List<String> users) {

        /** An unset list binds as one empty address: none is meant. */
        public Notifications {
            managers = addresses(managers);
            operators = addresses(operators);
            subscribers = addresses(subscribers);
            users = addresses(users);
        }

        private static List<String> addresses(List<String> configured) {
            return configured == null ? List.of() : configured.stream().filter(address -> !address.isBlank()).map(String::strip).toList();
        }
    }

    /** @param format {@code json} (the notification as JSON), {@code slack} or {@code teams} (their incoming webhooks' {@code text}) */
    public record Webhook(String url, @DefaultValue("json") String format) {
    }

    /**
     * How a node's crash stops delaying its runs: each node locks jobs under a name of its own and
     * says it is alive every {@code heartbeat}; at start-up it releases the locks its previous life
     * held, and a node unheard of for {@code deadAfter} has its locks released by the others.
     *
     * @param nodeName the node's lock owner, unique in the cluster and the same across restarts;
     *                 empty: the engine's host name and the server port
     */
    public record Recovery(@DefaultValue("") String nodeName, @DefaultValue("PT10S") Duration heartbeat,
                           @DefaultValue("PT30S") Duration deadAfter) {
    }

    /**
     * @param separationOfDuties a manager who started a run may not approve it or review its overruns
     */
    public record Access(@DefaultValue("true") boolean separationOfDuties) {
    }

    /**
     * @param retention how long a run's record is kept after it ended; the history cleanup removes it after
     * @param timeZone  the zone the record's clock times are shown in (an IANA name such as Europe/Madrid)
     */
    public record Audit(@DefaultValue("P180D") Duration retention, @DefaultValue("UTC") String timeZone) {

        public java.time.ZoneId zone() {
            try {
                return java.time.ZoneId.of(timeZone);
            } catch (java.time.DateTimeException e) {
                throw new IllegalStateException("cutover.audit.time-zone: not a time zone: " + timeZone, e);
            }
        }
    }

    /**
     * A Camunda user created at start-up when absent, for a demo or a first installation.
     *
     * @param password reference to the password, {@code env:NAME} or {@code file:/path}
     * @param groups   among {@code ops}, {@code managers}, {@code auditors}
     * @param email    where this person hears that a run they started ended; kept here, not in the
     *                 engine's profile, which its user could change
     */
    public record User(String password, @DefaultValue("") java.util.List<String> groups,
                       @DefaultValue("") String firstName, @DefaultValue("") String lastName,
                       @DefaultValue("") String email) {
    }

    /**
     * @param approvalDeadline how long a manager has to approve before the run ends as expired
     * @param stepAttempts     tries of a step against technical faults (a dropped connection) before the operator is asked
     * @param stepRetryBackoff pause between those tries, and the first pause while a host cannot be reached
     * @param hostUnreachablePatience how long a step waits for a host it cannot reach (pauses doubling up to 30 s) before the operator is asked
     */
    public record Timings(@DefaultValue("P3D") Duration approvalDeadline,
                          @DefaultValue("PT30M") Duration preparationBudget,
                          @DefaultValue("PT15M") Duration decommissionBudget,
                          @DefaultValue("PT45M") Duration infrastructureBudget,
                          @DefaultValue("PT60M") Duration deploymentBudget,
                          @DefaultValue("PT30M") Duration verificationBudget,
                          @DefaultValue("3") int stepAttempts,
                          @DefaultValue("PT2S") Duration stepRetryBackoff,
                          @DefaultValue("PT5M") Duration hostUnreachablePatience) {
    }

    public Fleet fleet(String name) {
        Fleet fleet = fleets.get(name);
        if (fleet == null) {
            throw new org.bischeduler.cutover.values.InvalidParameterException("fleet",
                    "'" + name + "' is not a configured fleet (cutover.fleets: " + new java.util.TreeSet<>(fleets.keySet()) + ")");
        }
        return fleet;
    }

    public TargetConfig target(String name) {
        TargetConfig target = targets.get(name);
        if (target == null) {
            throw new UnknownTargetException(name, targets.keySet());
        }
        return target;
    }
}
