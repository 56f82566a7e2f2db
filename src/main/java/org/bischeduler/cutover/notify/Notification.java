package org.bischeduler.cutover.notify;

import java.util.List;

/**
 * One message to people about a run.
 *
 * @param event      what happened ({@code approval-waiting}, {@code decision-waiting}, {@code run-ended})
 * @param recipients the e-mail addresses it goes to (webhooks get every notification)
 * @param link       where the people act or read: a Tasklist task or the run's record
 */
record Notification(String runId, String event, String subject, String text, String link, List<String> recipients) {
}
