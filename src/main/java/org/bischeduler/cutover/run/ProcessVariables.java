package org.bischeduler.cutover.run;

/** Names of the process variables, in one place. None of them ever holds a secret. */
public final class ProcessVariables {

    public static final String PROCESS_KEY = "Process_DecommissionPortReuse";
    /** The fleet process: one change, one approval, every target's cutover a call activity of the process above. */
    public static final String FLEET_KEY = "Process_FleetCutover";
    public static final String FLEET = "fleet";
    /**
     * Set by the fleet on each target's run: {@code plan} (preflight and plan only), {@code run}, or
     * {@code undo} (every undo step of the target's completed cutover, when the fleet rolls back
     * every target done).
     */
    public static final String FLEET_STAGE = "fleetStage";
    public static final String STAGE_PLAN = "plan";
    public static final String STAGE_RUN = "run";
    public static final String STAGE_UNDO = "undo";
    /** Shown on a fleet target's forms: the targets that go with it, whose same task one answer can complete. */
    public static final String FLEET_WAVE = "fleetWave";
    /** Kept in the run store of a fleet's undo run: the completed cutover whose steps it undoes. */
    public static final String UNDOES_RUN = "undoesRun";
    /** Set by the start of a fleet's target run when the fleet's approval covers it; read by the approval gateway. */
    public static final String APPROVED_WITH_FLEET = "approvedWithFleet";
    public static final String FLEET_PLANS = "fleetPlans";
    public static final String FLEET_STOPPED = "fleetStopped";
    /** A manager's decision between waves: {@code continue} or {@code stop}. */
    public static final String NEXT_WAVE = "nextWave";
    public static final String CANARY_COMPLETED = "canaryCompleted";
    public static final String END_PLANNED_FOR_FLEET = "EndEvent_PlannedForFleet";

    // start form
    public static final String TARGET = "target";
    public static final String CHANGE_REFERENCE = "changeReference";
    public static final String MAINTENANCE_WINDOW_START = "maintenanceWindowStart";

    // set when the run starts
    public static final String RUN_RECORD_URL = "runRecordUrl";
    /** Where the new app's users reach it: the target's public nginx address and the new prefix. */
    public static final String NEW_APP_ADDRESS = "newAppAddress";
    /** Kept in the run store when the start released a stale target lock. */
    public static final String START_WARNING = "startWarning";
    public static final String APPROVAL_DEADLINE = "approvalDeadline";
    /** When the approval deadline passes, as the approval task's due date in Tasklist. */
    public static final String APPROVAL_DUE = "approvalDue";
    public static final String PREPARATION_BUDGET = "preparationBudget";
    public static final String DECOMMISSION_BUDGET = "decommissionBudget";
    public static final String INFRASTRUCTURE_BUDGET = "infrastructureBudget";
    public static final String DEPLOYMENT_BUDGET = "deploymentBudget";
    public static final String VERIFICATION_BUDGET = "verificationBudget";

    // preflight and plan
    public static final String PREFLIGHT_PASSED = "preflightPassed";
    /** The preflight's findings as a form shows them; {@link #PREFLIGHT_CHECKS} keeps them whole in the run store. */
    public static final String PREFLIGHT_FINDINGS = "preflightFindings";
    public static final String PREFLIGHT_CHECKS = "preflightChecks";
    public static final String PLAN = "plan";
    /** The whole plan and diff as bytes: the form fields above hold 4000 characters each. */
    public static final String PLAN_DOCUMENT = "planDocument";
    public static final String NGINX_DIFF = "nginxDiff";
    public static final String NGINX_ORIGINAL_SHA256 = "nginxOriginalSha256";
    /** What starts the old app at boot, as Disable auto-start found it ({@code unit|NAME, file|PATH, crontab|USER}). */
    public static final String AUTOSTARTS = "autoStarts";
    public static final String STAGED_BRIDGE_SITE = "stagedBridgeSite";
    public static final String STAGED_SITE = "stagedSite";

    // decisions
    public static final String APPROVAL_DECISION = "approvalDecision";
    public static final String APPROVAL_COMMENT = "approvalComment";
    public static final String FAILURE_DECISION = "failureDecision";
    public static final String SIGN_OFF_DECISION = "signOffDecision";
    public static final String DECISION_NONE = "none";
    public static final String APPROVE = "approve";

    // form fields the record reads back (the forms in processes/ declare them)
    public static final String WINDOW_CONFIRMED = "windowConfirmed";
    public static final String NOTIFICATION_CHANNEL = "notificationChannel";
    public static final String NOTIFICATION_MESSAGE = "notificationMessage";
    /** How users are told, on the notify and closing tasks: {@code send} (the cutover sends it) or {@code elsewhere}. */
    public static final String ANNOUNCEMENT_DELIVERY = "announcementDelivery";
    public static final String ANNOUNCEMENT_SUBJECT = "announcementSubject";
    public static final String OUTCOME_DELIVERY = "outcomeDelivery";
    public static final String OUTCOME_SUBJECT = "outcomeSubject";
    public static final String OUTCOME_MESSAGE = "outcomeMessage";
    public static final String WEB_INTERFACE_OK = "webInterfaceOk";
    public static final String API_ENDPOINTS_OK = "apiEndpointsOk";
    public static final String DATA_OK = "dataOk";
    public static final String USERS_INFORMED = "usersInformed";
    public static final String USERS_INFORMED_OF_ROLLBACK = "usersInformedOfRollback";

    // activities and end events (the steps themselves are declared in Runbook)
    public static final String APPROVE_PLAN_TASK = "Task_ApprovePlan";
    public static final String END_COMPLETED = "EndEvent_Completed";
    public static final String END_ROLLED_BACK = "EndEvent_RolledBack";
    public static final String END_ROLLED_BACK_BY_HAND = "EndEvent_RolledBackByHand";
    public static final String END_PLAN_REJECTED = "EndEvent_PlanRejected";
    public static final String END_APPROVAL_EXPIRED = "EndEvent_ApprovalExpired";
    public static final String END_PREFLIGHT_FAILED = "EndEvent_PreflightFailed";
    /** A run that only looks: preflight, plan and nginx diff, no approval, nothing changed on the target. */
    public static final String CHECK_ONLY = "checkOnly";
    public static final String END_CHECKED = "EndEvent_Checked";

    // a failed step, shown to the operator
    public static final String FAILED_STEP = "failedStep";
    public static final String FAILED_STEP_NAME = "failedStepName";
    public static final String FAILED_COMMAND = "failedCommand";
    public static final String FAILED_EXIT_CODE = "failedExitCode";
    public static final String FAILED_OUTPUT = "failedOutput";

    // undo data: written once by the forward step, read by its undo, never overwritten by another step
    public static final String DB_BACKUP_PATH = "dbBackupPath";
    public static final String DB_BACKUP_SHA256 = "dbBackupSha256";
    public static final String DB_BACKUP_SIZE = "dbBackupSize";
    public static final String CONFIG_BACKUP_DIR = "configBackupDir";
    public static final String CONFIG_BACKUPS = "configBackups";
    public static final String NGINX_BACKUP_PATH = "nginxBackupPath";
    /** How the old app ran, as its stop found it: {@code oldService.mode}, {@code .unit}, {@code .cwd}, {@code .user}, {@code .cmdline}. */
    public static final String OLD_SERVICE = "oldService.";
    /** Prefix of each undo's latest outcome ({@code completed}, {@code unchanged}, {@code failed: why}). */
    public static final String UNDO_OUTCOME = "undoOutcome.";
    /** Prefix of what was sent for a run, one value per notification and channel ({@code sent: ...} or {@code NOT sent: ...}). */
    public static final String NOTIFICATION = "notification.";
    public static final String AUTOSTART_STATE = "autoStartState";
    public static final String ARCHIVE_PATH = "archivePath";

    // verification and rollback
    public static final String VERIFICATION_PASSED = "verificationPassed";
    public static final String VERIFICATION_REPORT = "verificationReport";
    public static final String VERIFICATION_CHECKS = "verificationChecks";
    public static final String MONITORING_OUTPUT = "monitoringOutput";
    public static final String ROLLBACK_CHECK_PASSED = "rollbackCheckPassed";
    public static final String ROLLBACK_CHECK_REPORT = "rollbackCheckReport";
    public static final String ROLLBACK_CHECKS = "rollbackChecks";

    // downtime, as epoch milliseconds
    public static final String OLD_SERVICE_STOPPED_AT = "oldServiceStoppedAt";
    public static final String NEW_SERVICE_ANSWERED_AT = "newServiceAnsweredAt";
    public static final String NEW_SERVICE_STOPPED_AT = "newServiceStoppedAt";
    public static final String OLD_SERVICE_RESTORED_AT = "oldServiceRestoredAt";
    // what the prober on the host saw (UsersSaw as JSON)
    public static final String USERS_SAW_IN_CUTOVER = "usersSawInCutover";
    public static final String USERS_SAW_IN_ROLLBACK = "usersSawInRollback";

    private ProcessVariables() {
    }
}
