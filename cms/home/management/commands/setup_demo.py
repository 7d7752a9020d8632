"""Everything the Quick start needs after migrate: roles, the site's home page, demo catalogue, schools and logins."""

import secrets
from io import StringIO
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from catalogue.models import Category, Edition, Program
from catalogue.schools.models import ProvincialDepartment, School
from catalogue.schools.provinces import Province
from catalogue.textbooks.models import Textbook
from cms.home.site import ensure_home_page
from cms.users.models import Organisation
from cms.users.roles import (
    ADMINISTRATORS,
    COMMITTEE_MEMBERS,
    PROGRAM_GROUP_MEMBERS,
    PROVINCIAL_STAFF,
    PUBLISHERS,
    REVIEWERS,
    ROLE_LABELS,
    SCHOOL_STAFF,
    ensure_roles,
    role_group,
)
from standards.demo import load_demo_standards
from standards.models import ProgramGroup

DEMO_DIR = Path(settings.BASE_DIR) / "demo"
SCHOOLS_DIR = DEMO_DIR / "schools"

# The schools register in the order its files depend on one another: schools, then what they run, report and use.
SCHOOL_IMPORTS = [
    ("import_schools", "schools.csv"),
    ("import_offerings", "offerings.csv"),
    ("import_school_reports", "reports-2023.csv", "--year", "2023", "--approve"),
    ("import_school_reports", "reports-2024.csv", "--year", "2024", "--approve"),
    ("import_school_reports", "reports-2025.csv", "--year", "2025", "--approve"),
    ("import_adoptions", "adoptions-2025-2026-1.csv"),
]

DEMO_USERS = [
    # username, role, display name, scope
    ("committee", COMMITTEE_MEMBERS, "机械类教指委委员", {"categories": ["01"]}),
    ("publisher", PUBLISHERS, "出版社编辑", {"organisation": "中国劳动社会保障出版社"}),
    # three reviewers: the least a title needs (TEXTBOOK_MIN_REVIEWERS), so a whole review round can be walked
    ("reviewer", REVIEWERS, "评审专家甲", {}),
    ("reviewer2", REVIEWERS, "评审专家乙", {}),
    ("reviewer3", REVIEWERS, "评审专家丙", {}),
    (
        "group",
        PROGRAM_GROUP_MEMBERS,
        "数控加工专业组成员",
        {"program_group": ("数控加工专业组", ["0104", "0105"])},
    ),
    ("school", SCHOOL_STAFF, "技工院校教务员", {"school": "广州市机电技师学院"}),
    ("province", PROVINCIAL_STAFF, "省人社厅职业能力建设处", {"province": Province.GUANGDONG}),
]


class Command(BaseCommand):
    help = "准备演示环境：角色、站点首页、演示专业目录和 2025 年调整、技工院校数据，并打印可用的登录账号（每次运行重设密码）。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--url",
            default="http://localhost:8000/",
            help="the address the site is served at (start.sh passes it)",
        )

    def handle(self, *args, **options):
        ensure_roles()
        ensure_home_page()
        self._catalogue()
        load_demo_standards()
        self._schools()
        password = secrets.token_urlsafe(9)
        with transaction.atomic():
            self._admin(password)
            for username, role, name, scope in DEMO_USERS:
                self._demo_user(username, role, name, scope, password)
        url = options["url"].rstrip("/")
        self.stdout.write(self.style.SUCCESS(f"\n演示站点已就绪：{url}/  管理后台：{url}/admin/"))
        self.stdout.write(f"  管理员      用户名 admin      密码 {password}")
        for username, role, name, _ in DEMO_USERS:
            self.stdout.write(f"  {ROLE_LABELS[role]:<8}  用户名 {username:<10} 密码 {password}  （{name}）")

    def _catalogue(self):
        if not Edition.objects.filter(name="2018").exists():
            call_command(
                "import_programs", str(DEMO_DIR / "programs.csv"), "--no-progress", stdout=self.stdout
            )
        if not Edition.objects.filter(name="2025").exists():
            call_command(
                "import_adjustments",
                str(DEMO_DIR / "adjustments-2025.csv"),
                "--edition",
                "2025",
                "--approve",
                "--no-progress",
                stdout=self.stdout,
            )
        if not Textbook.objects.exists():
            call_command(
                "import_textbooks",
                str(DEMO_DIR / "textbooks.csv"),
                "--no-progress",
                verbosity=0,  # the per-row list of unlinked courses is for importers, not the Quick start
                stdout=self.stdout,
            )

    def _schools(self):
        """The demo schools register, once: its courses and titles come from the standards and textbooks above.

        On a database whose catalogue or textbooks are not the demo's (the load test imports the shared data first)
        the demo files do not fit; then nothing of them is kept and the command says so and goes on."""
        if School.objects.exists():
            return
        try:
            with transaction.atomic():
                for command, filename, *args in SCHOOL_IMPORTS:
                    call_command(command, str(SCHOOLS_DIR / filename), *args, stdout=StringIO())
        except CommandError as error:
            first = str(error).splitlines()[:2]
            self.stdout.write(f"演示技工院校数据与本库的专业或教材不符，未导入：{' '.join(first)}")

    def _admin(self, password):
        user, _ = get_user_model().objects.get_or_create(
            username="admin", defaults={"last_name": "系统管理员"}
        )
        user.is_staff = user.is_superuser = True
        user.set_password(password)
        user.save()
        user.groups.add(role_group(ADMINISTRATORS))

    def _demo_user(self, username, role, name, scope, password):
        user, _ = get_user_model().objects.get_or_create(username=username, defaults={"last_name": name})
        if "organisation" in scope:
            user.organisation, _ = Organisation.objects.get_or_create(name=scope["organisation"])
        user.set_password(password)
        user.save()
        user.groups.add(role_group(role))
        for code in scope.get("categories", []):
            Category.objects.get(code=code).committee_members.add(user)
        if "school" in scope:
            school = School.objects.filter(name=scope["school"]).first()
            if school is not None:  # absent when the demo schools did not fit this database
                school.staff.add(user)
        if "program_group" in scope:
            self._program_group(user, *scope["program_group"])
        if "province" in scope:
            department, _ = ProvincialDepartment.objects.get_or_create(
                province=scope["province"],
                defaults={"name": f"{Province(scope['province']).label}人力资源和社会保障厅"},
            )
            department.staff.add(user)

    def _program_group(self, user, name, codes):
        """The group drafts the standards of its programs (standards.ProgramGroup); programs missing here are skipped."""
        group, _ = ProgramGroup.objects.get_or_create(name=name)
        group.programs.add(*Program.objects.filter(code__in=codes))
        group.members.add(user)
