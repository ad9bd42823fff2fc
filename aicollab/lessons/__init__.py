"""Lesson content: the tables, charts and worked examples each lesson shows.

One module per lesson topic, each a thin layer over :mod:`aicollab.data` and
:mod:`aicollab.model`: :mod:`~aicollab.lessons.stakeholders` (lesson 1),
:mod:`~aicollab.lessons.survey_views` (lesson 2), :mod:`~aicollab.lessons.barriers` (lesson 3),
:mod:`~aicollab.lessons.sharing_examples` (lesson 4), :mod:`~aicollab.lessons.cocreation`
(lesson 5). Import the one a lesson needs: ``from aicollab.lessons import barriers``.
"""
