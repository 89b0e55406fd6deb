package dev.bricklayer.common.events.hr;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The HR contract's rule of which event about a person counts — the one rule identity-service and token-service
 * both apply, so that they never disagree on whether a person has left:
 * <ol>
 *   <li>an event dated more than {@code maxClockSkew} after now is refused ({@link Verdict#FUTURE}): a date in the
 *       future would otherwise make every later event about the person look stale;</li>
 *   <li>an event not after the last one that counted for the person ({@code occurredAt} equal or older: a replay, a
 *       duplicate, an out-of-order delivery) is not applied ({@link Verdict#STALE});</li>
 *   <li>anything else is applied ({@link Verdict#APPLY}) — including a leaver for a person not seen before, which
 *       is remembered, so that an older joiner arriving after it is stale rather than provisioning someone who
 *       left.</li>
 * </ol>
 */
public final class HrEventOrder {

    /** What becomes of an event. */
    public enum Verdict { APPLY, STALE, FUTURE }

    /**
     * The last event that counted for a person.
     *
     * @param type       {@code UserJoined}, {@code UserMoved} or {@code UserLeft}
     * @param occurredAt its {@code occurredAt}
     */
    public record Last(String type, Instant occurredAt) {

        public Last {
            Objects.requireNonNull(type, "type");
            Objects.requireNonNull(occurredAt, "occurredAt");
        }

        /** Whether the person has left, as far as the events that counted say. */
        public boolean left() {
            return UserLeft.class.getSimpleName().equals(type);
        }
    }

    /** A verdict and, when the event does not count, why — in a sentence naming the dates. */
    public record Decision(Verdict verdict, String why) {

        public boolean applies() {
            return verdict == Verdict.APPLY;
        }
    }

    private final Clock clock;
    private final Duration maxClockSkew;

    /**
     * @param clock        the service's clock
     * @param maxClockSkew how far into the future an event may be dated ({@code bricklayer.hr.max-clock-skew})
     */
    public HrEventOrder(Clock clock, Duration maxClockSkew) {
        this.clock = clock;
        this.maxClockSkew = maxClockSkew;
    }

    /**
     * @param last       the last event that counted for the person; empty for a person not seen before
     * @param type       the event's type ({@code UserJoined}, …)
     * @param occurredAt its {@code occurredAt}
     */
    public Decision decide(Optional<Last> last, String type, Instant occurredAt) {
        Instant latest = clock.instant().plus(maxClockSkew);
        if (occurredAt.isAfter(latest)) {
            return new Decision(Verdict.FUTURE, type + " occurredAt " + occurredAt + " is more than " + maxClockSkew
                    + " in the future (now " + clock.instant() + ")");
        }
        if (last.isPresent() && !occurredAt.isAfter(last.get().occurredAt())) {
            return new Decision(Verdict.STALE, type + " occurredAt " + occurredAt + " is not after the last applied event ("
                    + last.get().type() + " at " + last.get().occurredAt() + ")");
        }
        return new Decision(Verdict.APPLY, null);
    }
}
