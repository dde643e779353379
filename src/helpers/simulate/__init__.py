"""Seeded generators of the course's simulated (模拟) datasets, with their true parameters.

Every dataset the book uses is simulated here, so a chapter can compare an estimate with the
truth ("the true gap was −0.80, the estimate is −0.78 ± 0.05"). Each generator

* takes named parameters and a ``seed`` (a :class:`numpy.random.Generator` is built from it),
* returns a :class:`pandas.DataFrame` whose ``attrs["truth"]`` holds the true parameters
  (plain dicts of numbers, small enough to travel with the frame) and ``attrs["params"]`` the
  parameters used,
* has a companion ``*_truth(...)`` function that returns the truth as a tidy DataFrame.

Where rounding to a 1–7 answer and clipping at the ends of the scale shift a mean, the truth is
given twice: on the latent scale (the parameter you passed) and as the expected *observed* mean
(what a perfect, infinitely large sample of rounded answers would show). The observed truth is
computed by simulating a very large population (``POPULATION_N`` respondents, fixed seed) with the
same parameters; its Monte Carlo error is about 0.002 on the 1–7 scale.

Regenerate every CSV of ``datasets/`` (byte for byte identical)::

    python -m helpers.simulate --out datasets

Write another reproducible draw of every dataset (same parameters, same truth; for checking that a
finding holds for other seeds), and read it back through ``HELPERS_DATASETS``::

    python -m helpers.simulate --out /tmp/ds3 --seed-offset 3
    HELPERS_DATASETS=/tmp/ds3 jupyter lab

Load a written dataset with proper dtypes with :func:`load_dataset`.

One module per generator; this package re-exports all of them:

- :mod:`helpers.simulate.servqual`: two-wave SERVQUAL survey (:func:`servqual_survey`);
- :mod:`helpers.simulate.ratings`: 好差评 rating log (:func:`ratings_log`, Parquet writer);
- :mod:`helpers.simulate.hotline`: 12345 hotline tickets (:func:`hotline_tickets`) and their
  transfer chains (:func:`ticket_transfers`); texts from :mod:`helpers.simulate.hotline_text`;
- :mod:`helpers.simulate.epidemic`: an epidemic's daily hotline calls (:func:`epidemic_timeline`)
  and official releases (:func:`epidemic_releases`);
- :mod:`helpers.simulate.kano`: Kano survey (:func:`kano_survey`);
- :mod:`helpers.simulate.ipa`: importance–performance survey (:func:`ipa_survey`);
- :mod:`helpers.simulate.feedback`: follow-ups (回访, 整改, next rating) of the bad ratings of
  the rating log (:func:`rating_followups`);
- :mod:`helpers.simulate.window_monthly`: monthly ratings and bad ratings per window, with an
  improvement at some windows (:func:`window_monthly`);
- :mod:`helpers.simulate.expectations_survey`: citizens' expected and actual processing times,
  trust and satisfaction (:func:`citizen_expectations`);
- :mod:`helpers.simulate.capstone`: the capstone city's SERVQUAL survey and rating log of the
  conclusion chapter (:func:`capstone_survey`, :func:`capstone_ratings`);
- :mod:`helpers.simulate.complaints`: a follow-up survey after complaints fixed fast or slowly,
  with citizens who had no problem (:func:`complaint_followups`);
- :mod:`helpers.simulate.etiquette`: a mystery-shopper check of service windows, scored on a
  conduct checklist, partly by three assessors (:func:`mystery_shopper`);
- :mod:`helpers.simulate.crisis`: a crisis timeline with rumour posts, hotline calls and official
  statements (:func:`crisis_timeline`);
- :mod:`helpers.simulate.datasets`: the published datasets (:data:`DATASETS`), writing, loading,
  the command line;
- :mod:`helpers.simulate._common`: seeds, Likert rounding, truth-cache keys.
"""

from __future__ import annotations

from helpers.simulate._common import POPULATION_N
from helpers.simulate.capstone import (CAPSTONE_RATINGS_PARAMS, CAPSTONE_SURVEY_PARAMS,
                                       capstone_driver_truth, capstone_ratings,
                                       capstone_ratings_truth, capstone_survey,
                                       capstone_survey_truth)
from helpers.simulate.datasets import (DATASETS, datasets_dir, load_dataset, main, make_dataset,
                                       offset_seed, write_datasets)
from helpers.simulate.epidemic import (EPIDEMIC_DEFAULTS, epidemic_event_truth, epidemic_releases,
                                       epidemic_timeline, epidemic_truth)
from helpers.simulate.expectations_survey import (EXPECTATIONS_SURVEY_DEFAULTS,
                                                  citizen_expectations,
                                                  citizen_expectations_truth)
from helpers.simulate.feedback import (FOLLOWUP_DEFAULTS, rating_followups,
                                      rating_followups_truth)
from helpers.simulate.hotline import (HOTLINE_CATEGORIES, HOTLINE_DEFAULTS, HOTLINE_DEPARTMENTS,
                                      HOTLINE_TOPICS, hotline_tickets, hotline_truth,
                                      ticket_transfers, ticket_transfers_truth,
                                      transfer_effect_truth)
from helpers.simulate.ipa import IPA_DEFAULTS, ipa_survey, ipa_truth
from helpers.simulate.kano import KANO_ANSWERS, KANO_DEFAULTS, KANO_TABLE, kano_survey, kano_truth
from helpers.simulate.ratings import (DEPARTMENTS, RATING_CHANNELS, RATINGS_DEFAULTS, ratings_log,
                                      ratings_log_parquet, ratings_truth)
from helpers.simulate.window_monthly import (WINDOW_MONTHLY_DEFAULTS, window_monthly,
                                             window_monthly_truth)
from helpers.simulate.complaints import (COMPLAINT_FOLLOWUPS_DEFAULTS, complaint_followups,
                                         complaint_followups_truth)
from helpers.simulate.etiquette import (CHECKLIST, MYSTERY_SHOPPER_DEFAULTS, mystery_shopper,
                                        mystery_shopper_truth)
from helpers.simulate.crisis import CRISIS_TIMELINE_DEFAULTS, crisis_timeline, crisis_timeline_truth
from helpers.simulate.servqual import (AGE_GROUPS, SERVQUAL_CHANNELS, SERVQUAL_DEFAULTS,
                                       SERVQUAL_REGIONS, servqual_driver_truth,
                                       servqual_survey, servqual_truth)

__all__ = [
    "POPULATION_N",
    "CAPSTONE_SURVEY_PARAMS",
    "CAPSTONE_RATINGS_PARAMS",
    "capstone_survey",
    "capstone_survey_truth",
    "capstone_driver_truth",
    "capstone_ratings",
    "capstone_ratings_truth",
    "SERVQUAL_CHANNELS",
    "SERVQUAL_REGIONS",
    "AGE_GROUPS",
    "SERVQUAL_DEFAULTS",
    "servqual_survey",
    "servqual_truth",
    "servqual_driver_truth",
    "RATINGS_DEFAULTS",
    "DEPARTMENTS",
    "RATING_CHANNELS",
    "ratings_log",
    "ratings_truth",
    "ratings_log_parquet",
    "HOTLINE_DEFAULTS",
    "HOTLINE_CATEGORIES",
    "HOTLINE_TOPICS",
    "hotline_tickets",
    "hotline_truth",
    "HOTLINE_DEPARTMENTS",
    "ticket_transfers",
    "ticket_transfers_truth",
    "transfer_effect_truth",
    "EPIDEMIC_DEFAULTS",
    "epidemic_timeline",
    "epidemic_truth",
    "epidemic_releases",
    "epidemic_event_truth",
    "KANO_DEFAULTS",
    "KANO_ANSWERS",
    "KANO_TABLE",
    "kano_survey",
    "kano_truth",
    "IPA_DEFAULTS",
    "ipa_survey",
    "ipa_truth",
    "FOLLOWUP_DEFAULTS",
    "rating_followups",
    "rating_followups_truth",
    "WINDOW_MONTHLY_DEFAULTS",
    "window_monthly",
    "window_monthly_truth",
    "EXPECTATIONS_SURVEY_DEFAULTS",
    "citizen_expectations",
    "citizen_expectations_truth",
    "COMPLAINT_FOLLOWUPS_DEFAULTS",
    "complaint_followups",
    "complaint_followups_truth",
    "CHECKLIST",
    "MYSTERY_SHOPPER_DEFAULTS",
    "mystery_shopper",
    "mystery_shopper_truth",
    "CRISIS_TIMELINE_DEFAULTS",
    "crisis_timeline",
    "crisis_timeline_truth",
    "DATASETS",
    "make_dataset",
    "offset_seed",
    "write_datasets",
    "datasets_dir",
    "load_dataset",
    "main",
]
