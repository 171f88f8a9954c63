"""Study design: questionnaire, org tree, settings, and their file formats."""

from lipkit.study.model import (
    Choice,
    ChoiceList,
    Group,
    Labels,
    OrgLevel,
    OrgTree,
    OrgUnit,
    Question,
    Questionnaire,
    QuestionType,
    ScaleOrder,
    Settings,
    Study,
    StudySettings,
    label_text,
)

__all__ = [
    "Choice",
    "ChoiceList",
    "Group",
    "Labels",
    "OrgLevel",
    "OrgTree",
    "OrgUnit",
    "Question",
    "QuestionType",
    "Questionnaire",
    "ScaleOrder",
    "Settings",
    "Study",
    "StudySettings",
    "label_text",
]
