"""``drill interview``: a timed mock interview, live or from an answers file."""

from pathlib import Path
from typing import Annotated

import typer

from salesops_drill.cli.common import (
    DifficultyOption,
    library,
    open_store,
    resolve_category,
    warn,
)
from salesops_drill.cli.complete import complete_role


def interview(
    role: Annotated[
        str,
        typer.Option(
            "--role",
            "-r",
            help="The role you are interviewing for (default: your target role, "
            "'drill config set role').",
            autocompletion=complete_role,
        ),
    ] = None,
    all_roles: Annotated[
        bool, typer.Option("--all", help="Questions of every role, whatever your target role.")
    ] = False,
    questions: Annotated[
        int,
        typer.Option(
            "--questions", "-n", help="How many questions.  [default: 5]", show_default=False
        ),
    ] = None,
    category: Annotated[
        list[str],
        typer.Option("--category", "-c", help="Only these categories (repeat for several)."),
    ] = None,
    difficulty: DifficultyOption = None,
    time_limit: Annotated[
        int,
        typer.Option(
            "--time-limit",
            "-t",
            min=10,
            help="Seconds per answer for questions that set none (default by category).",
        ),
    ] = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Submit what was typed (or stop the recording) the moment time runs out.",
        ),
    ] = False,
    seed: Annotated[
        int,
        typer.Option(
            "--seed",
            help="The same questions every time for the same seed (past sessions are then "
            "ignored; without it, recent questions are avoided and weak ones favoured).",
        ),
    ] = None,
    answers: Annotated[
        Path,
        typer.Option(
            "--answers",
            "-a",
            help="Answer from a YAML file (by question id, or in order; an answer may add "
            "self_rating and follow_up) instead of typing.",
            dir_okay=False,
        ),
    ] = None,
    retry_weakest: Annotated[
        bool,
        typer.Option(
            "--retry-weakest",
            help="Ask the questions you answered worst lately (of those answered at least once).",
        ),
    ] = False,
    json: Annotated[
        bool, typer.Option("--json", help="With --answers or --audio: print results as JSON.")
    ] = False,
    no_save: Annotated[
        bool,
        typer.Option(
            "--no-save",
            help="Grade the answers but save nothing: no history, no review cards moved "
            "(questions are then chosen without your history).",
        ),
    ] = False,
    voice: Annotated[
        bool,
        typer.Option(
            "--voice",
            help="Answer out loud: record each answer from the microphone (Enter stops), "
            "transcribe it offline and add delivery feedback. Needs the voice extra.",
        ),
    ] = False,
    audio: Annotated[
        list[Path],
        typer.Option(
            "--audio",
            help="Answer from recordings instead (a WAV file per question, repeatable, or a "
            "folder of them). With --voice, they play through the recording screen.",
        ),
    ] = None,
    keep_audio: Annotated[
        bool, typer.Option("--keep-audio", help="Keep each recording as a WAV in the data folder.")
    ] = False,
    model: Annotated[
        Path,
        typer.Option(
            "--model",
            help="Speech model: a CTranslate2 Whisper model folder (default: the voice_model "
            "setting, else Whisper tiny.en, downloaded on first use).",
        ),
    ] = None,
) -> None:
    """Run a mock interview with feedback on every answer.

    Each answer is saved the moment it is submitted, graded offline (key points, STAR,
    numbers, fillers, length, time), and the question's review card is rescheduled.
    Without a terminal, give your answers with --answers FILE.yaml. With --voice you
    answer out loud, and get feedback on delivery too (see the README's "Answer out loud").

    Asks your target role's questions when one is set ('drill config set role manager').
    --retry-weakest asks the ones you answered worst instead (see them in 'drill stats').

    Example: drill interview --role manager --questions 4
    """
    import contextlib
    import random

    from salesops_drill import clock, fitted
    from salesops_drill import interview as core
    from salesops_drill import interview_questions as choose
    from salesops_drill.answers_file import read_answers
    from salesops_drill.cli.interview_answers import answer_ids, read_answers_file, run_answers
    from salesops_drill.cli.interview_voice import settings_record, voice_options
    from salesops_drill.errors import UsageError
    from salesops_drill.scheduler import Scheduler

    if json and answers is None and not (audio and not voice):
        raise UsageError("--json needs --answers or --audio (a live interview is not data output)")
    spoken = voice_options(voice, audio or [], keep_audio, model, answers, no_save)
    if questions is not None and questions < 1:
        raise UsageError("--questions must be at least 1")
    scripted = read_answers(str(answers), read_answers_file(answers)) if answers else None
    if scripted is None and not (spoken and spoken.scripted):
        from salesops_drill.cli.common import require_terminal

        require_terminal("drill interview")
    lib = library()
    cats = [resolve_category(c) for c in category or []]
    use_history = seed is None
    if seed is None:
        seed = random.SystemRandom().randrange(1, 10**6)
    # --no-save never opens the store, so nothing in it can change
    with contextlib.nullcontext() if no_save else open_store() as store:
        from salesops_drill import settings as user_settings
        from salesops_drill import target

        def stored(key: str) -> object:
            return user_settings.get(store, key) if store is not None else _peek(key)

        studying = target.choose(lib.roles, role, all_roles, stored("role"))
        if studying.warning:
            warn(f"drill: warning: {studying.warning}")
        if studying.source == target.UNSET and not studying.warning:
            raise UsageError(
                "which role? Give --role ROLE (or --all for every role), or set your "
                "target role once: drill config set role ROLE"
            )
        role_id = studying.role
        # fitted parameters, if any; without a store, one that saves nothing
        scheduler = fitted.scheduler(store) if store is not None else Scheduler()
        by_id = scripted is not None and any(a.question_id for a in scripted)
        named = spoken.questions_by_name(lib) if spoken else None
        if (by_id or named) and retry_weakest:
            source = answers if by_id else "--audio"
            raise UsageError(
                f"{source} names its questions by id, and --retry-weakest chooses them: "
                "give one or the other"
            )
        if retry_weakest and store is None:
            raise UsageError("--retry-weakest reads your history; it cannot go with --no-save")
        if by_id:
            ids = answer_ids(scripted, str(answers))
            plan = _plan_named(role_id, lib, ids, seed, str(answers))
        elif named:
            plan = _plan_named(role_id, lib, [q.id for q in named], seed, "--audio")
        else:
            given = len(scripted) if scripted is not None else len(spoken.files if spoken else [])
            n = given or questions or choose.DEFAULT_QUESTIONS
            source = answers if scripted is not None else "--audio"
            what = "answers" if scripted is not None else "recordings"
            if given and questions and questions != given:
                raise UsageError(f"{source} has {given} {what} but --questions is {questions}")
            if retry_weakest:
                try:
                    plan = choose.plan_weakest(
                        role_id, lib.questions, n, seed, store, cats, difficulty
                    )
                except choose.NothingToRetry as exc:
                    raise UsageError(
                        f"{exc.message}: run 'drill interview' first, then --retry-weakest "
                        "asks the ones you answered worst"
                    ) from None
            else:
                history = store if use_history else None
                # Working toward a goal, the weakest categories come first (unless chosen).
                first = _weakest_first(history, lib, role_id) if not cats else []
                plan = choose.plan(
                    role_id, lib.questions, n, seed, history, cats, difficulty, first
                )
            if given and len(plan.questions) < given:
                raise UsageError(
                    f"{source} has {given} {what} but only "
                    f"{len(plan.questions)} questions match for {role_id or 'all roles'}"
                )
        if spoken is not None:
            spoken.load_model(str(stored("voice_model") or ""), quiet=json)
        session = core.InterviewSession(
            store,
            scheduler,
            plan,
            clock.now,
            settings={
                "questions": questions,
                "categories": cats,
                "difficulty": difficulty,
                "time_limit": time_limit,
                "strict": strict,
                "scripted": scripted is not None,
                "retry_weakest": retry_weakest,
                **settings_record(spoken),
            },
            bank=lib.questions,
        )
        if scripted is not None:
            run_answers(session, scripted, time_limit, json)
        elif spoken is not None and spoken.scripted:
            from salesops_drill.cli.interview_voice import run_recordings

            run_recordings(session, spoken, time_limit, json)
        else:
            from salesops_drill.ui.interview_screen import run_interview

            voice_answers = None
            if spoken is not None:
                from salesops_drill.ui.voice_screen import VoiceAnswers

                voice_answers = VoiceAnswers(spoken)
            found = lib.roles.find(role_id) if role_id else None
            title = found.title if found is not None else "All roles"
            run_interview(
                session, time_limit, strict, title, clock.monotonic_clock(), voice_answers
            )


def _peek(key: str) -> str | None:
    """A setting as stored (the target role, the speech model), read without changing
    the store (for --no-save): None when there is no store yet or it cannot be read as
    it is."""
    import sqlite3

    from salesops_drill.cli.common import paths

    db = paths().progress_db
    if not db.is_file():
        return None
    # With no -wal beside it the file holds everything, and immutable=1 reads it without
    # creating the -shm that WAL mode otherwise leaves behind.
    mode = "ro" if db.with_name(db.name + "-wal").exists() else "ro&immutable=1"
    try:
        conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode={mode}", uri=True)
        try:
            row = conn.execute("SELECT value FROM config WHERE key = ?", (key,)).fetchone()
        finally:
            conn.close()
    except sqlite3.Error:
        return None
    return row[0] if row and row[0] else None


def _plan_named(role: str | None, lib, ids: list[str], seed: int, source: str):
    """The plan of the questions an answers file (or --audio) names, in that order; the
    core's errors said for ``source``."""
    from salesops_drill import interview_questions as choose
    from salesops_drill.errors import UsageError

    try:
        return choose.plan_from_ids(role, lib.questions, ids, seed)
    except choose.UnknownQuestion as exc:
        raise UsageError(f"{source}: {exc.message}") from None
    except choose.NotForRole as exc:
        raise UsageError(
            f"{source}: {exc.message}; see 'drill questions list --role {exc.role}'"
        ) from None


def _weakest_first(store, lib, role: str | None) -> list[str]:
    """The role's categories weakest first while it has a goal ahead; else none (also
    for every role, or without history to read)."""
    from salesops_drill import clock, goals, planning
    from salesops_drill.clock import study_date

    if store is None or role is None:
        return []
    if goals.active(goals.get(store, role), study_date(clock.now())) is None:
        return []
    return planning.weakest_categories(store, lib, role)
