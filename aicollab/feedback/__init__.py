"""Feedback for learners: exercise self-checks and kernel-free quizzes.

- :mod:`~aicollab.feedback.checks`: ``check("2.1", answer)`` gives kind, specific feedback on an
  exercise answer, computed from the kit's data and model (never a traceback).
- :mod:`~aicollab.feedback.quiz`: multiple-choice self-checks that work in the static book.
"""

from .checks import EXERCISES, Exercise, Feedback, check, feedback
from .quiz import multiple_choice

__all__ = ["check", "feedback", "Feedback", "EXERCISES", "Exercise", "multiple_choice"]
