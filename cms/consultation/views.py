"""The public side: the list of consultations, and each one's draft, approved comments and comment form.

Kept out of the public page cache (`private`): whether a consultation is open changes with the clock, not with a
write the cache could notice, and an approved comment must show without waiting for the cache to expire.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.cache import cache_control

from cms.client_address import client_address

from . import services
from .forms import CommentForm
from .models import Comment, Consultation

private = cache_control(private=True)


@private
def consultation_list(request):
    now = timezone.now()
    consultations = Consultation.objects.select_related("category")
    return render(
        request,
        "consultation/index.html",
        {
            "open": consultations.filter(opens_at__lte=now, closes_at__gt=now).order_by("closes_at"),
            "upcoming": consultations.filter(opens_at__gt=now).order_by("opens_at"),
            "closed": consultations.filter(closes_at__lte=now).order_by("-closes_at"),
        },
    )


@private
def consultation_detail(request, pk):
    consultation = get_object_or_404(Consultation, pk=pk)
    form = CommentForm(request.POST or None, consultation=consultation)
    status = 200
    if request.method == "POST":
        refusal = services.period_refusal(consultation)
        if refusal:
            form.add_error(None, refusal)
            status = 403
        elif form.is_valid():
            response = _file(request, consultation, form)
            if response:
                return response
            status = 429 if hasattr(form, "retry_after") else 400
        else:
            status = 400
    response = render(request, "consultation/detail.html", _context(consultation, form), status=status)
    if hasattr(form, "retry_after"):
        response["Retry-After"] = str(form.retry_after)
    return response


def _file(request, consultation, form):
    """File the comment and redirect, or put the refusal on the form and return None."""
    try:
        services.file_comment(consultation, client_address(request) or "unknown", **form.cleaned_data)
    except services.TooManyComments as refused:
        form.retry_after = refused.retry_after
        form.add_error(None, str(refused))
    except services.ConsultationError as error:
        form.add_error(None, str(error))
    else:
        messages.success(request, "您的意见已提交，经审核后公开（电子邮箱不会公开）。感谢您的参与！")
        return redirect("consultation:detail", pk=consultation.pk)
    return None


def _context(consultation, form):
    comments = consultation.comments.filter(status=Comment.Status.APPROVED)
    return {
        "consultation": consultation,
        "standard": consultation.draft(),
        "comments": comments,
        "form": form,
        "is_open": consultation.is_open(),
        "period_note": services.period_refusal(consultation),
    }
