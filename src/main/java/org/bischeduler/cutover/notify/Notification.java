package org.bischeduler.cutover.notify;

import java.util.List;

/**
 * One message to people about a run.
 *
 * @param event      what happened ({@code approval-waiting}, {@code decision-waiting}, {@code run-ended},
 *                   {@code announcement}, {@code outcome-announcement})
 * @param recipients the e-mail addresses it goes to
 * @param link       where the people act or read: a Tasklist task or the run's record; empty for none
 * @param toWebhooks also posted to the webhooks (the operators' channels); an announcement to users is not
 */
record Notification(String runId, String event, String subject, String text, String link, List<String> recipients,
                    boolean toWebhooks) {
}
