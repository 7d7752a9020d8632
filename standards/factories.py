"""factory_boy factories for the standards section; tests build small standards with them, not the catalogue."""

import factory
import wagtail_factories

from catalogue.factories import CategoryFactory, ProgramFactory

from .models import (
    CourseStandardPage,
    IntegratedCourse,
    ProgramGroup,
    StandardsIndexPage,
    TrainingStandardPage,
    TypicalWorkTask,
)


class StandardsIndexPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = StandardsIndexPage

    title = "国家技能人才培养标准"
    slug = "standards"


class TrainingStandardPageFactory(wagtail_factories.PageFactory):
    """A draft standard with no courses yet; `with_courses(page)` gives it a consistent specification."""

    class Meta:
        model = TrainingStandardPage

    program = factory.SubFactory(ProgramFactory)
    title = factory.LazyAttribute(lambda o: f"{o.program.name}专业国家技能人才培养标准")
    slug = factory.LazyAttribute(lambda o: f"standard-{o.program.code}")
    live = False
    info = factory.Faker("paragraph", locale="zh_CN")
    training_mode = factory.Faker("paragraph", locale="zh_CN")


class CourseStandardPageFactory(wagtail_factories.PageFactory):
    class Meta:
        model = CourseStandardPage

    title = factory.Sequence(lambda n: f"公共课程{n}")
    course_code = factory.Sequence(lambda n: f"G{n:02d}")
    kind = CourseStandardPage.Kind.PUBLIC
    hours = 60
    live = False
    learning_tasks = factory.LazyFunction(
        lambda: [("task", {"name": "课程导论", "hours": 60, "description": ""})]
    )


class CategoryCourseStandardPageFactory(CourseStandardPageFactory):
    kind = CourseStandardPage.Kind.CATEGORY
    category = factory.SubFactory(CategoryFactory)


class ProgramGroupFactory(factory.django.DjangoModelFactory):
    """A program group; pass `programs=[...]` and `members=[...]` to scope it."""

    class Meta:
        model = ProgramGroup
        django_get_or_create = ["name"]
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"专业组{n}")

    @factory.post_generation
    def programs(self, create, extracted, **kwargs):
        if create and extracted:
            self.programs.set(extracted)

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            self.members.set(extracted)


class TypicalWorkTaskFactory(factory.Factory):
    """Unsaved: work tasks live in the page's cluster and are saved with its revision."""

    class Meta:
        model = TypicalWorkTask

    code = factory.Sequence(lambda n: f"T{n + 1}")
    name = factory.Faker("sentence", nb_words=3, locale="zh_CN")
    level = "intermediate"


class IntegratedCourseFactory(factory.Factory):
    class Meta:
        model = IntegratedCourse

    code = factory.Sequence(lambda n: f"C{n + 1:02d}")
    name = factory.Faker("sentence", nb_words=3, locale="zh_CN")
    hours_intermediate = 100
    work_task_codes = "T1"
    learning_tasks = factory.LazyAttribute(
        lambda o: [
            (
                "task",
                {"name": "学习任务一", "hours": o.hours_intermediate + o.hours_advanced, "description": ""},
            )
        ]
    )
    hours_advanced = 0


def with_courses(page, intermediate=(120, 80), advanced=(160,)):
    """Give `page` work tasks and courses whose hours agree everywhere; returns the page (unsaved changes)."""
    tasks, courses = [], []
    plan = [("intermediate", hours) for hours in intermediate] + [("advanced", hours) for hours in advanced]
    for number, (level, hours) in enumerate(plan, start=1):
        tasks.append(TypicalWorkTask(code=f"T{number}", name=f"典型工作任务{number}", level=level))
        course = IntegratedCourse(
            code=f"C{number:02d}", name=f"一体化课程{number}", work_task_codes=f"T{number}"
        )
        setattr(course, f"hours_{level}", hours)
        half = hours // 2
        course.learning_tasks = [
            ("task", {"name": f"学习任务{number}-1", "hours": half, "description": ""}),
            ("task", {"name": f"学习任务{number}-2", "hours": hours - half, "description": ""}),
        ]
        courses.append(course)
    page.work_tasks = tasks
    page.courses = courses
    page.total_hours_intermediate = sum(intermediate)
    page.total_hours_advanced = sum(advanced)
    return page


def with_named_courses(page, courses):
    """Give `page` the courses [(code, name, intermediate hours)], one intermediate work task each."""
    page.work_tasks = [
        TypicalWorkTask(code=f"T{number}", name=f"典型工作任务{number}", level="intermediate")
        for number, _ in enumerate(courses, start=1)
    ]
    page.courses = [
        IntegratedCourse(
            code=code,
            name=name,
            hours_intermediate=hours,
            work_task_codes=f"T{number}",
            learning_tasks=[("task", {"name": f"{name}学习任务", "hours": hours, "description": ""})],
        )
        for number, (code, name, hours) in enumerate(courses, start=1)
    ]
    page.total_hours_intermediate = sum(hours for _, _, hours in courses)
    page.total_hours_advanced = page.total_hours_technician = 0
    return page


def publish_standard(program, courses, parent=None, user=None):
    """Publish (a first or a new version of) the program's standard with exactly these courses."""
    from .setup import ensure_standards_section

    page = TrainingStandardPage.objects.filter(program=program).first()
    if page is None:
        page = TrainingStandardPageFactory.build(program=program)
        page.live = False
        (parent or ensure_standards_section()).add_child(instance=page)
    draft = with_named_courses(page.get_latest_revision_as_object(), courses)
    draft.save_revision(user=user).publish(user=user)
    return TrainingStandardPage.objects.get(pk=page.pk)
