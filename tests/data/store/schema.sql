-- migrations: m001_create_records m002_technique_totals m003_identity m004_lrs_deliveries m005_notes m006_flag_totals m007_report_indexes
-- The schema these migrations make, as sqlite_master keeps it (schema_sql in
-- tests/unit/test_migrations.py). An applied migration never changes, so neither does this.

CREATE INDEX "idx_evaluations_level"
    ON "evaluations" ("level");
CREATE INDEX "idx_lrs_deliveries_endpoint_session_id"
    ON "lrs_deliveries" ("endpoint", "session_id");
CREATE INDEX "idx_notes_session_id_created_at"
    ON "notes" ("session_id", "created_at");
CREATE INDEX idx_session_flags_report ON session_flags (status, trainee_id, flag, turns);
CREATE INDEX idx_sessions_id_report
        ON sessions (id, status, trainee_id, started_at, scenario_id);
CREATE INDEX idx_sessions_report ON sessions (trainee_id, status, started_at,
        total_score, passed, turn_count, hints_used, ended_at, scenario_id, outcome,
        uses_ignore, score_ignore, matched_ignore, uses_compensate, score_compensate, matched_compensate, uses_taichi, score_taichi, matched_taichi, uses_ask, score_ask, matched_ask, uses_yes_if, score_yes_if, matched_yes_if, uses_rebuttal, score_rebuttal, matched_rebuttal, uses_none, score_none, matched_none);
CREATE INDEX "idx_sessions_scenario_id_started_at"
    ON "sessions" ("scenario_id", "started_at");
CREATE INDEX "idx_sessions_started_at"
    ON "sessions" ("started_at");
CREATE INDEX "idx_sessions_trainee_id_started_at"
    ON "sessions" ("trainee_id", "started_at");
CREATE UNIQUE INDEX "idx_trainees_name"
    ON "trainees" ("name");
CREATE UNIQUE INDEX "idx_trainees_name_key"
    ON "trainees" ("name_key");
CREATE UNIQUE INDEX "idx_trainees_uid"
    ON "trainees" ("uid");
CREATE UNIQUE INDEX "idx_turns_session_id_idx"
    ON "turns" ("session_id", "idx");
CREATE INDEX "idx_turns_session_id_technique_total_matched_recommended"
    ON "turns" ("session_id", "technique", "total", "matched_recommended");
CREATE TABLE "evaluations" (
   "session_id" TEXT PRIMARY KEY REFERENCES "sessions"("id"),
   "efficiency" INTEGER NOT NULL,
   "method" INTEGER NOT NULL,
   "result" INTEGER NOT NULL,
   "open_requests" INTEGER NOT NULL,
   "root_cause" INTEGER NOT NULL,
   "reasons" TEXT,
   "weights" TEXT,
   "idx" REAL NOT NULL,
   "perceived" REAL NOT NULL,
   "expected" INTEGER NOT NULL,
   "css" REAL NOT NULL,
   "gap" REAL NOT NULL,
   "level" TEXT NOT NULL,
   "rule_version" TEXT,
   "self_assessment" INTEGER,
   "self_assessed_at" TEXT
);
CREATE TABLE "lrs_deliveries" (
   "endpoint" TEXT NOT NULL,
   "statement_id" TEXT NOT NULL,
   "session_id" TEXT NOT NULL REFERENCES "sessions"("id"),
   "status" TEXT NOT NULL,
   "attempts" INTEGER NOT NULL DEFAULT 0,
   "first_tried" TEXT,
   "last_tried" TEXT,
   "accepted_at" TEXT,
   "error" TEXT,
   PRIMARY KEY ("endpoint", "statement_id")
);
CREATE TABLE "notes" (
   "id" INTEGER PRIMARY KEY,
   "session_id" TEXT NOT NULL REFERENCES "sessions"("id"),
   "author" TEXT NOT NULL,
   "text" TEXT NOT NULL,
   "created_at" TEXT NOT NULL
);
CREATE TABLE "session_flags" (
   "session_id" TEXT REFERENCES "sessions"("id"),
   "trainee_id" INTEGER NOT NULL REFERENCES "trainees"("id"),
   "status" TEXT NOT NULL,
   "started_at" TEXT NOT NULL,
   "scenario_id" TEXT NOT NULL,
   "flag" TEXT,
   "turns" INTEGER NOT NULL,
   PRIMARY KEY ("session_id", "flag")
);
CREATE TABLE "sessions" (
   "id" TEXT PRIMARY KEY,
   "trainee_id" INTEGER NOT NULL REFERENCES "trainees"("id"),
   "scenario_id" TEXT NOT NULL,
   "scenario_version" INTEGER NOT NULL,
   "scenario_hash" TEXT,
   "scenario_title" TEXT,
   "scenario_language" TEXT,
   "scenario_kind" TEXT,
   "pass_mark" INTEGER NOT NULL,
   "scorer_version" TEXT NOT NULL,
   "evaluation_rule_version" TEXT,
   "seed" INTEGER NOT NULL,
   "timed" INTEGER NOT NULL,
   "mode" TEXT NOT NULL,
   "started_at" TEXT NOT NULL,
   "ended_at" TEXT,
   "status" TEXT NOT NULL DEFAULT 'open',
   "outcome" TEXT,
   "total_score" INTEGER,
   "turn_count" INTEGER NOT NULL DEFAULT 0,
   "points_sum" INTEGER NOT NULL DEFAULT 0,
   "hints_used" INTEGER NOT NULL DEFAULT 0,
   "passed" INTEGER
, uses_ignore INTEGER NOT NULL DEFAULT 0, score_ignore INTEGER NOT NULL DEFAULT 0, matched_ignore INTEGER NOT NULL DEFAULT 0, uses_compensate INTEGER NOT NULL DEFAULT 0, score_compensate INTEGER NOT NULL DEFAULT 0, matched_compensate INTEGER NOT NULL DEFAULT 0, uses_taichi INTEGER NOT NULL DEFAULT 0, score_taichi INTEGER NOT NULL DEFAULT 0, matched_taichi INTEGER NOT NULL DEFAULT 0, uses_ask INTEGER NOT NULL DEFAULT 0, score_ask INTEGER NOT NULL DEFAULT 0, matched_ask INTEGER NOT NULL DEFAULT 0, uses_yes_if INTEGER NOT NULL DEFAULT 0, score_yes_if INTEGER NOT NULL DEFAULT 0, matched_yes_if INTEGER NOT NULL DEFAULT 0, uses_rebuttal INTEGER NOT NULL DEFAULT 0, score_rebuttal INTEGER NOT NULL DEFAULT 0, matched_rebuttal INTEGER NOT NULL DEFAULT 0, uses_none INTEGER NOT NULL DEFAULT 0, score_none INTEGER NOT NULL DEFAULT 0, matched_none INTEGER NOT NULL DEFAULT 0);
CREATE TABLE "trainees" (
   "id" INTEGER PRIMARY KEY,
   "name" TEXT NOT NULL,
   "team" TEXT,
   "created" TEXT NOT NULL
, uid TEXT, name_key TEXT);
CREATE TABLE "turns" (
   "id" INTEGER PRIMARY KEY,
   "session_id" TEXT NOT NULL REFERENCES "sessions"("id"),
   "idx" INTEGER NOT NULL,
   "node" TEXT,
   "customer" TEXT,
   "reply" TEXT NOT NULL,
   "technique" TEXT NOT NULL,
   "confidence" REAL,
   "runner_up" TEXT,
   "runner_up_confidence" REAL,
   "language" TEXT,
   "evidence" TEXT,
   "gaming" TEXT,
   "total" INTEGER NOT NULL,
   "technique_fit" INTEGER,
   "execution" INTEGER,
   "relevance" INTEGER,
   "hint_cost" INTEGER,
   "points" INTEGER NOT NULL,
   "flags" TEXT,
   "steps" TEXT,
   "steps_covered" TEXT,
   "tip" TEXT,
   "recommended" TEXT,
   "matched_recommended" INTEGER,
   "hint_used" INTEGER,
   "response_seconds" REAL,
   "timed_out" INTEGER,
   "reaction" TEXT,
   "revealed" TEXT,
   "mood_before" INTEGER,
   "mood_after" INTEGER,
   "satisfaction_before" REAL,
   "satisfaction_after" REAL,
   "next_node" TEXT,
   "outcome" TEXT,
   "end_reason" TEXT,
   "scored_at" TEXT NOT NULL
);
CREATE TRIGGER closed_sessions_never_change BEFORE UPDATE OF id, scenario_id, scenario_version, scenario_hash, scenario_title, scenario_language, scenario_kind, pass_mark, scorer_version, evaluation_rule_version, seed, timed, mode, started_at, ended_at, status, outcome, total_score, turn_count, points_sum, hints_used, passed, uses_ignore, score_ignore, matched_ignore, uses_compensate, score_compensate, matched_compensate, uses_taichi, score_taichi, matched_taichi, uses_ask, score_ask, matched_ask, uses_yes_if, score_yes_if, matched_yes_if, uses_rebuttal, score_rebuttal, matched_rebuttal, uses_none, score_none, matched_none ON sessions
    WHEN OLD.status != 'open'
    BEGIN
        SELECT RAISE(ABORT, 'a closed session is never changed');
    END;
CREATE TRIGGER evaluations_never_change BEFORE UPDATE ON evaluations
        WHEN NEW.efficiency IS NOT OLD.efficiency OR NEW.method IS NOT OLD.method
          OR NEW.result IS NOT OLD.result OR NEW.open_requests IS NOT OLD.open_requests
          OR NEW.root_cause IS NOT OLD.root_cause OR NEW.reasons IS NOT OLD.reasons
          OR NEW.weights IS NOT OLD.weights OR NEW.idx IS NOT OLD.idx
          OR NEW.perceived IS NOT OLD.perceived OR NEW.expected IS NOT OLD.expected
          OR NEW.css IS NOT OLD.css OR NEW.gap IS NOT OLD.gap OR NEW.level IS NOT OLD.level
          OR NEW.rule_version IS NOT OLD.rule_version
          OR (OLD.self_assessment IS NOT NULL
              AND NEW.self_assessment IS NOT OLD.self_assessment)
        BEGIN
            SELECT RAISE(ABORT, 'a recorded evaluation is never changed');
        END;
CREATE TRIGGER notes_never_change BEFORE UPDATE ON notes
        BEGIN
            SELECT RAISE(ABORT, 'a note is never changed; add another one');
        END;
CREATE TRIGGER turns_never_change BEFORE UPDATE ON turns
        BEGIN
            SELECT RAISE(ABORT, 'recorded turns are never changed');
        END;
