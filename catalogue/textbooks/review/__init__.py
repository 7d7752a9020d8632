"""Submission and review of planned textbooks (申报 → 形式审查 → 专家评审 → 委员会审定 → 公示 → 列入目录).

`services` holds every state transition (and nothing else changes `Textbook.review_stage`); `scope` says who
may see what; `views` and `forms` are the admin and public screens; `notifications` the inbox and e-mail;
`admin` and `criteria` the admin viewsets. The models are in `catalogue.textbooks.models`, which import nothing
from here; `catalogue.textbooks.storage` keeps the uploaded PDFs out of the public media path.
"""
