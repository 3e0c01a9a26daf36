"""The editor's photos and files: plain file inputs taking several at once, then one row
per photo (description, caption, credit, consent, remove) and per file (remove)."""

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.db.models import Q
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from uploads.models import Attachment, Photo
from uploads.processing import Rejected, check_document, photo_variants
from uploads.services import attachment_create, photo_create, uploads_attach

MAX_UPLOADS = 10


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files from one input, each checked by `check(file)`, which returns what the
    file is or raises Rejected; cleaned to a list of (file, result)."""

    def __init__(self, *, check, accept, **kwargs):
        self.check = check
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": accept}))
        super().__init__(required=False, **kwargs)

    def clean(self, data, initial=None):
        files = [upload for upload in (data or []) if upload]
        if len(files) > MAX_UPLOADS:
            raise forms.ValidationError(
                _("Add at most %(max)d at a time (you chose %(count)d).")
                % {"max": MAX_UPLOADS, "count": len(files)}
            )
        checked, errors = [], []
        for upload in files:
            super().clean(upload, initial)
            try:
                checked.append((upload, self.check(upload)))
            except Rejected as rejected:
                errors.append(
                    forms.ValidationError(
                        "%(name)s: %(reason)s", params={"name": upload.name, "reason": rejected}
                    )
                )
        if errors:
            raise forms.ValidationError(errors)
        return checked


def photos_field() -> MultipleFileField:
    return MultipleFileField(
        check=photo_variants,
        accept="image/jpeg,image/png,image/webp",
        label=gettext_lazy("Add photos"),
        help_text=gettext_lazy(
            "JPEG, PNG or WebP, up to 15 MB each, several at once. Location and camera "
            "details are removed from every photo."
        ),
    )


def files_field() -> MultipleFileField:
    return MultipleFileField(
        check=check_document,
        accept=".pdf,.odt,.ods,.odp,.docx,.xlsx,.pptx",
        label=gettext_lazy("Add files"),
        help_text=gettext_lazy(
            "Slides, handouts and reports: PDF, OpenDocument, Word, Excel or PowerPoint, up "
            "to 20 MB each."
        ),
    )


class PhotoForm(forms.ModelForm):
    """One photo in the editor. Before it can be public it needs a description, and a photo
    showing people needs the writer's word that everyone identifiable agreed."""

    consent = forms.BooleanField(
        label=gettext_lazy("Everyone identifiable in this photo agreed to its publication."),
        required=False,
    )

    class Meta:
        model = Photo
        fields = ["description", "caption", "credit", "shows_people"]
        labels = {"shows_people": gettext_lazy("This photo shows people.")}

    def __init__(self, *args, user=None, publishing=False, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.publishing = publishing
        self.initial.setdefault("consent", self.instance.consent_at is not None)
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("DELETE") or not self.publishing:
            return cleaned
        if not cleaned.get("description", "").strip() and "description" not in self.errors:
            self.add_error(
                "description",
                _("Describe what the photo shows, for people who cannot see it."),
            )
        if cleaned.get("shows_people") and not cleaned.get("consent"):
            self.add_error(
                "consent",
                _(
                    "A photo showing people is published only once everyone identifiable "
                    "in it agreed. Tick this to confirm they did, or remove the photo."
                ),
            )
        return cleaned

    def _post_clean(self):
        super()._post_clean()
        photo = self.instance
        consent = self.cleaned_data.get("consent") and self.cleaned_data.get("shows_people")
        if not consent:
            photo.consent_by, photo.consent_at = None, None
        elif photo.consent_at is None:
            photo.consent_by, photo.consent_at = self.user, timezone.now()


class AttachmentForm(forms.ModelForm):
    class Meta:
        model = Attachment
        fields = []


class UploadRows(BaseModelFormSet):
    """The rows of one kind of upload; each may be ticked for removal."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Remove")

    def clean(self):
        # A row names an upload by its key; one the writer may not use (someone else's, or
        # one removed meanwhile) is found in no queryset and leaves the row without one.
        if any(form.instance.pk is None for form in self.initial_forms):
            raise forms.ValidationError(
                _("A photo or file in this form is no longer here. Open the editor again.")
            )

    def kept(self) -> list:
        """The uploads to keep: all of them when no rows were sent. Rows beyond those the
        editor sent are ignored: new uploads come only through the file inputs."""
        if not self.is_bound:
            return list(self.get_queryset())
        return [form.instance for form in self.initial_forms if not self._should_delete_form(form)]

    def removed(self) -> list:
        if not self.is_bound:
            return []
        return [form.instance for form in self.initial_forms if self._should_delete_form(form)]


PhotoRows = modelformset_factory(
    Photo, form=PhotoForm, formset=UploadRows, extra=0, can_delete=True, edit_only=True
)
AttachmentRows = modelformset_factory(
    Attachment, form=AttachmentForm, formset=UploadRows, extra=0, can_delete=True, edit_only=True
)


class EditorUploads:
    """The rows of an editor's photos and files: those the publication has and, once the
    form is sent, those its writer uploaded for it in a preview (nobody else's).

    New uploads come checked and processed from the form's file inputs, as
    (upload, result) pairs, and are stored only by `keep` (a preview: they wait,
    unattached, for the save) or `save`.
    """

    def __init__(self, *, model, instance_pk, data, user, publishing: bool):
        self.model, self.instance_pk, self.user = model, instance_pk, user
        self.publishing = publishing
        self._bind(data)

    def _bind(self, data) -> None:
        owner = ContentType.objects.get_for_model(self.model)
        mine = Q(content_type=owner, object_id=self.instance_pk) if self.instance_pk else Q()
        if data is not None and self.user is not None:
            mine |= Q(content_type=owner, object_id=None, uploaded_by=self.user)
        if not mine:
            mine = Q(pk__in=[])
        self.photo_rows = PhotoRows(
            self._rows_data(data, "photos"),
            prefix="photos",
            queryset=Photo.objects.filter(mine).select_related("consent_by"),
            form_kwargs={"user": self.user, "publishing": self.publishing},
        )
        self.file_rows = AttachmentRows(
            self._rows_data(data, "files"),
            prefix="files",
            queryset=Attachment.objects.filter(mine),
        )

    @staticmethod
    def _rows_data(data, prefix: str):
        """The data of one kind of rows, or None (rows unchanged) when a form was sent
        without them, as a form written before photos existed would be."""
        if data is None or f"{prefix}-TOTAL_FORMS" not in data:
            return None
        return data

    def is_valid(self) -> bool:
        # Every kind of row is checked, so that each shows its own errors.
        valid = [rows.is_valid() for rows in (self.photo_rows, self.file_rows) if rows.is_bound]
        return all(valid)

    def _store(self, new_photos, new_files) -> tuple[list, list]:
        photos = [
            photo_create(variants=variants, model=self.model, by=self.user)
            for _upload, variants in new_photos
        ]
        files = [
            attachment_create(upload=upload, document=document, model=self.model, by=self.user)
            for upload, document in new_files
        ]
        return photos, files

    def keep(self, data, new_photos, new_files):
        """For a preview: store the new uploads, unattached, and show them as rows as if
        they had been sent with the form, so the next save attaches them. Returns the
        form's data with those rows."""
        photos, files = self._store(new_photos, new_files)
        if not photos and not files:
            return data
        data = data.copy()
        for prefix, uploads in (("photos", photos), ("files", files)):
            count = int(data.get(f"{prefix}-TOTAL_FORMS") or 0)
            for number, upload in enumerate(uploads, start=count):
                data[f"{prefix}-{number}-id"] = str(upload.pk)
            data[f"{prefix}-TOTAL_FORMS"] = data[f"{prefix}-INITIAL_FORMS"] = str(
                count + len(uploads)
            )
        self._bind(data)
        self.is_valid()
        return data

    def save(self, publication, new_photos, new_files) -> None:
        """Store the new uploads and attach them with the kept rows; remove the others."""
        photos, files = self._store(new_photos, new_files)
        uploads_attach(
            publication=publication,
            kept=[*self.photo_rows.kept(), *photos, *self.file_rows.kept(), *files],
            removed=[*self.photo_rows.removed(), *self.file_rows.removed()],
        )
