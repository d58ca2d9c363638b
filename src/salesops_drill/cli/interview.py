"""``drill interview``: a timed mock interview, live or from an answers file."""

from __future__ import annotations

import sys
from pathlib import Path

import typer

from salesops_drill.cli.common import library, open_store, resolve_category
from salesops_drill.cli.complete import complete_role


def interview(
    role: str = typer.Option(
        ...,
        "--role",
        "-r",
        help="The role you are interviewing for.",
        autocompletion=complete_role,
    ),
    questions: int = typer.Option(
        None, "--questions", "-n", help="How many questions.  [default: 5]", show_default=False
    ),
    category: list[str] = typer.Option(
        None, "--category", "-c", help="Only these categories (repeat for several)."
    ),
    difficulty: int = typer.Option(None, "--difficulty", "-d", min=1, max=3, help="1 to 3."),
    time_limit: int = typer.Option(
        None,
        "--time-limit",
        "-t",
        min=10,
        help="Seconds per answer for questions that set none (default by category).",
    ),
    strict: bool = typer.Option(
        False,
        "--strict",
        help="Submit what was typed (or stop the recording) the moment time runs out.",
    ),
    seed: int = typer.Option(
        None,
        "--seed",
        help="The same questions every time for the same seed (past sessions are then "
        "ignored; without it, recent questions are avoided and weak ones favoured).",
    ),
    answers: Path = typer.Option(
        None,
        "--answers",
        "-a",
        help="Answer from a YAML file (by question id, or in order; an answer may add "
        "self_rating and follow_up) instead of typing.",
        dir_okay=False,
    ),
    json: bool = typer.Option(
        False, "--json", help="With --answers or --audio: print results as JSON."
    ),
    voice: bool = typer.Option(
        False,
        "--voice",
        help="Answer out loud: record each answer from the microphone (Enter stops), "
        "transcribe it offline and add delivery feedback. Needs the voice extra.",
    ),
    audio: list[Path] = typer.Option(
        None,
        "--audio",
        help="Answer from recordings instead (a WAV file per question, repeatable, or a "
        "folder of them). With --voice, they play through the recording screen.",
    ),
    keep_audio: bool = typer.Option(
        False, "--keep-audio", help="Keep each recording as a WAV in the data folder."
    ),
    model: Path = typer.Option(
        None,
        "--model",
        help="Speech model: a CTranslate2 Whisper model folder (default: the voice_model "
        "setting, else Whisper tiny.en, downloaded on first use).",
    ),
) -> None:
    """Run a mock interview with feedback on every answer.

    Each answer is saved the moment it is submitted, graded offline (key points, STAR,
    numbers, fillers, length, time), and the question's review card is rescheduled.
    Without a terminal, give your answers with --answers FILE.yaml. With --voice you
    answer out loud, and get feedback on delivery too (see the README's "Answer out loud").

    Example: drill interview --role manager --questions 4
    """
    import random

    from salesops_drill import clock
    from salesops_drill import interview as core
    from salesops_drill.cli.interview_voice import settings_record
    from salesops_drill.errors import UsageError
    from salesops_drill.scheduler import Scheduler

    if json and answers is None and not (audio and not voice):
        raise UsageError("--json needs --answers or --audio (a live interview is not data output)")
    spoken = None
    if voice or audio:
        from salesops_drill.cli.interview_voice import VoiceOptions

        spoken = VoiceOptions.check(voice, audio or [], keep_audio, model, answers)
    elif keep_audio or model is not None:
        raise UsageError("--keep-audio and --model go with --voice or --audio")
    if questions is not None and questions < 1:
        raise UsageError("--questions must be at least 1")
    scripted = core.read_answers(str(answers), _read_answers(answers)) if answers else None
    if scripted is None and not (spoken and spoken.scripted):
        from salesops_drill.cli.common import require_terminal

        require_terminal("drill interview")
    lib = library()
    found = lib.roles.resolve(role)
    cats = [resolve_category(c) for c in category or []]
    use_history = seed is None
    if seed is None:
        seed = random.SystemRandom().randrange(1, 10**6)
    with open_store() as store:
        from salesops_drill import settings as user_settings

        retention = user_settings.get(store, "desired_retention")
        recordings = spoken.files if spoken else []
        named = spoken.questions_by_name(lib) if spoken else None
        if scripted is not None and any(a.question_id for a in scripted):
            chosen = _questions_by_id(lib, scripted, str(answers))
            plan = core.Plan(found.id, chosen, seed, len(chosen))
        elif named:
            plan = core.Plan(found.id, named, seed, len(named))
        else:
            given = len(scripted) if scripted is not None else len(recordings)
            n = given or questions or core.DEFAULT_QUESTIONS
            if given and questions and questions != given:
                source = answers if scripted is not None else "--audio"
                what = "answers" if scripted is not None else "recordings"
                raise UsageError(f"{source} has {given} {what} but --questions is {questions}")
            history = store if use_history else None
            plan = core.plan(found.id, lib.questions, n, seed, history, cats, difficulty)
            if given and len(plan.questions) < given:
                source = answers if scripted is not None else "--audio"
                what = "answers" if scripted is not None else "recordings"
                raise UsageError(
                    f"{source} has {given} {what} but only "
                    f"{len(plan.questions)} questions match for {found.id}"
                )
        if spoken is not None:
            spoken.load_model(store, quiet=json)
        session = core.InterviewSession(
            store,
            Scheduler(retention),
            plan,
            clock.now,
            settings={
                "questions": questions,
                "categories": cats,
                "difficulty": difficulty,
                "time_limit": time_limit,
                "strict": strict,
                "scripted": scripted is not None,
                **settings_record(spoken),
            },
        )
        if scripted is not None:
            _run_scripted(session, scripted, time_limit, json)
        elif spoken is not None and spoken.scripted:
            from salesops_drill.cli.interview_voice import run_recordings

            run_recordings(session, spoken, time_limit, json)
        else:
            from salesops_drill.ui.interview_screen import run_interview

            voice_answers = None
            if spoken is not None:
                from salesops_drill.ui.voice_screen import VoiceAnswers

                voice_answers = VoiceAnswers(spoken)
            run_interview(session, time_limit, strict, voice_answers)


def _read_answers(path: Path) -> str:
    from salesops_drill.errors import UsageError
    from salesops_drill.inputs import InputRefused, read_input
    from salesops_drill.interview import MAX_ANSWERS_FILE_BYTES

    try:
        raw = read_input(path, MAX_ANSWERS_FILE_BYTES, "an answers file")
    except FileNotFoundError:
        raise UsageError(f"answers file not found: {path}") from None
    except InputRefused as exc:
        raise UsageError(f"{path}: {exc}") from None
    except OSError as exc:
        raise UsageError(f"cannot read {path}: {exc.strerror or exc}") from None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise UsageError(f"{path}: not valid UTF-8; save the file as UTF-8") from None


def _questions_by_id(lib, scripted, path_text: str):
    import difflib

    from salesops_drill.errors import UsageError

    chosen = []
    ids = [q.id for q in lib.questions]
    for i, item in enumerate(scripted, 1):
        if item.question_id is None:
            raise UsageError(f"{path_text}: answer {i} has no question id (give all or none)")
        q = lib.question(item.question_id)
        if q is None:
            hint = difflib.get_close_matches(item.question_id, ids, n=1, cutoff=0.6)
            extra = f"; did you mean '{hint[0]}'?" if hint else ""
            raise UsageError(f"{path_text}: unknown question id '{item.question_id}'{extra}")
        chosen.append(q)
    return chosen


def _run_scripted(session, scripted, time_limit: int | None, as_json: bool) -> None:
    from salesops_drill.interview import pick_follow_up
    from salesops_drill.ui.console import make_console, print_json

    results = []
    for position, (q, item) in enumerate(zip(session.plan.questions, scripted, strict=False), 1):
        limit = q.time_limit_s or time_limit or q.time_limit
        done = session.answer(q, item.text, None, limit)
        if item.follow_up is not None:
            session.follow_up(done, pick_follow_up(q, session.plan.seed, position), item.follow_up)
        session.rate(done, item.self_rating)
        results.append(done)
    summary = session.finish()
    if as_json:
        print_json(
            {
                "session_id": session.session_id,
                "role": session.plan.role,
                "seed": session.plan.seed,
                "answers": [
                    {
                        "question_id": d.question.id,
                        "prompt": d.question.prompt,
                        "category": d.question.category,
                        "self_rating": d.self_rating,
                        "feedback": d.feedback.to_dict(),
                        "follow_up": _follow_up_json(d),
                    }
                    for d in results
                ],
                "summary": summary.to_dict(),
            }
        )
        return
    from rich.text import Text

    from salesops_drill.ui.render_interview import (
        ScoreRow,
        feedback_view,
        follow_up_view,
        question_header,
        scorecard,
    )

    console = make_console()
    if session.plan.note:
        console.print(Text(session.plan.note, style="yellow"))
    total = len(results)
    for i, done in enumerate(results, 1):
        console.print(question_header(done.question, i, total, done.feedback.time_limit_s or 0))
        if not done.feedback.words:
            console.print(Text("No answer given: scored 0.", style="yellow"))
        console.print(feedback_view(done.question, done.feedback))
        if done.follow_up is not None:
            console.print(
                follow_up_view(done.follow_up, done.follow_up_answer, done.follow_up_feedback)
            )
    rows = [ScoreRow.of(d) for d in results]
    console.print(scorecard(rows, summary))
    console.print(
        Text(
            f"Saved as session {session.session_id}: see 'drill history show {session.session_id}'."
        )
    )
    sys.stdout.flush()


def _follow_up_json(done) -> dict | None:
    """The follow-up asked, the answer and its feedback (None: no follow-up in the file)."""
    if done.follow_up is None:
        return None
    fb = done.follow_up_feedback
    return {
        "prompt": done.follow_up,
        "answer": done.follow_up_answer,
        "feedback": fb.to_dict() if fb else None,
    }
