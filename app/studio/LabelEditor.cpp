#include "LabelEditor.h"

#include "ActionRegistry.h"
#include "LabelCommands.h"
#include "LabelProposer.h"
#include "ReviewController.h"
#include "StudioWindow.h"
#include "insolepose/Error.h"
#include "insolepose/Session.h"
#include "insolepose/widgets/TimelineWidget.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QMessageBox>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QShortcut>
#include <QStatusBar>
#include <QTimer>
#include <QUndoStack>

#include <algorithm>

Q_LOGGING_CATEGORY(lcLabels, "insolepose.studio.labels")

namespace insolepose {

namespace {

QString qs(const std::string& s) { return QString::fromStdString(s); }

} // namespace

LabelEditor::LabelEditor(StudioWindow& window) : QObject(&window), m_window(window)
{
    m_undo = new QUndoStack(this);
    m_saveTimer = new QTimer(this);
    m_saveTimer->setSingleShot(true);
    m_saveTimer->setInterval(kAutosaveDelay_ms);
    connect(m_saveTimer, &QTimer::timeout, this, &LabelEditor::saveNow);
    ReviewController* review = m_window.review();
    review->setLabelTracks(&m_tracks);
    connect(review, &ReviewController::aboutToReplaceSession, this, &LabelEditor::flushBeforeClose);
    connect(review, &ReviewController::sessionOpened, this, &LabelEditor::load);
    connect(m_window.clock(), &PlaybackClock::cursorChanged, this, [this] {
        if (m_pending)
            m_window.timeline()->update();
    });
    connectTimeline();
    m_proposer = new LabelProposer(this);
    connect(m_proposer, &LabelProposer::proposed, this, &LabelEditor::addProposedTrack);
    connect(m_proposer, &LabelProposer::failed, this,
            [this](const QString& message) { m_window.showError(tr("Cannot propose labels"), message); });
}

LabelEditor::~LabelEditor() { flushBeforeClose(); }

void LabelEditor::connectTimeline()
{
    TimelineWidget* t = m_window.timeline();
    connect(t, &TimelineWidget::segmentCreateRequested, this, [this](int track, qint64 start, qint64 end) {
        setActiveTrack(track);
        createSegment(track, start, end, currentLabel());
    });
    connect(t, &TimelineWidget::segmentChangeRequested, this,
            [this](int track, int index, qint64 start, qint64 end) { changeSegment(track, index, start, end); });
    connect(t, &TimelineWidget::selectionChanged, this, [this](int track, int index) {
        select(index < 0 ? std::nullopt : std::optional<Selection>({track, index}));
    });
    connect(t, &TimelineWidget::trackActivated, this, [this, t](int track) {
        // A press on a track starts every drag: snap to the frames of the stream chosen now.
        if (m_snapStream != m_window.clock()->stepStream()) {
            m_snapStream = m_window.clock()->stepStream();
            t->setSnapTimes(stepTimes());
        }
        setActiveTrack(track);
    });
}

// ---- document, loading and saving ----

void LabelEditor::load(const QString& folder)
{
    m_saveTimer->stop();
    m_pending.reset();
    m_selection.reset();
    m_undo->clear();
    m_store = std::make_unique<LabelStore>(folder.toStdString());
    // The studio autosaves after every edit: backups then span a few minutes, not three edits.
    m_store->setMinBackupInterval(std::chrono::minutes(2));
    std::vector<std::string> warnings;
    m_tracks = m_store->load(&warnings);
    for (const auto& w : warnings)
        qCWarning(lcLabels) << qs(w);
    if (m_tracks.empty())
        m_tracks.emplace_back(); // "actions" with the paper's vocabulary; written on the first edit
    for (const LabelTrack& t : m_tracks)
        for (const auto& [i, j] : t.overlaps())
            m_window.statusBar()->showMessage(
                tr("Track %1: segments %2 and %3 overlap (fix them by hand)").arg(qs(t.name())).arg(i).arg(j), 10000);
    m_currentLabels.assign(m_tracks.size(), {});
    m_active = 0;
    m_unsaved = false;
    m_snapStream = m_window.clock()->stepStream();
    m_window.timeline()->setSnapTimes(stepTimes());
    refreshViews();
    // The session was first shown before its labels were read: show the label at the cursor.
    m_window.clock()->setCursor(m_window.clock()->cursor_ns());
}

void LabelEditor::flushBeforeClose()
{
    m_proposer->wait(); // it reads the session that is about to go
    m_saveTimer->stop();
    if (!m_store || !m_unsaved)
        return;
    try {
        m_store->save(m_tracks, false);
        m_unsaved = false;
    } catch (const Error& e) {
        // No one to ask any more: keep the edits next to the backups.
        qCWarning(lcLabels) << "labels not saved:" << e.what();
        keepUnsavedCopy();
    }
}

bool LabelEditor::saveNow()
{
    m_saveTimer->stop();
    if (!m_store || m_conflictBox)
        return false;
    try {
        m_store->save(m_tracks, false);
        m_unsaved = false;
        for (const auto& note : m_store->lastSaveNotes())
            m_window.statusBar()->showMessage(qs(note), 10000);
        Q_EMIT saved();
        return true;
    } catch (const LabelConflict& e) {
        askAboutConflict(qs(e.what()));
    } catch (const Error& e) {
        // The edits stay in memory; the next edit (or this timer) tries again.
        m_window.showError(tr("Cannot save labels"), qs(e.what()));
        m_saveTimer->start(5 * kAutosaveDelay_ms);
    }
    return false;
}

void LabelEditor::scheduleSave()
{
    m_unsaved = true;
    m_saveTimer->start();
}

void LabelEditor::askAboutConflict(const QString& message)
{
    auto* box = new QMessageBox(QMessageBox::Warning, tr("Labels changed on disk"),
                                tr("%1\n\nOverwrite it with the labels shown here, or reload it from disk? "
                                   "(Reloading can be undone with Edit > Undo.)")
                                    .arg(message),
                                QMessageBox::NoButton, &m_window);
    QPushButton* overwrite = box->addButton(tr("Overwrite"), QMessageBox::AcceptRole);
    box->addButton(tr("Reload from disk"), QMessageBox::RejectRole);
    m_conflictBox = box;
    connect(box, &QMessageBox::finished, this, [this, box, overwrite] {
        m_conflictBox = nullptr;
        box->deleteLater();
        if (box->clickedButton() == overwrite) {
            try {
                m_store->save(m_tracks, true);
                m_unsaved = false;
                Q_EMIT saved();
            } catch (const Error& e) {
                m_window.showError(tr("Cannot save labels"), qs(e.what()));
            }
        } else {
            reloadFromDisk();
        }
    });
    box->open();
}

void LabelEditor::reloadFromDisk()
{
    std::vector<std::string> warnings;
    std::vector<LabelTrack> disk = m_store->load(&warnings);
    if (disk.empty())
        disk.emplace_back();
    m_undo->push(new DocumentCommand(*this, m_tracks, std::move(disk), tr("Reload labels from disk")));
}

void LabelEditor::keepUnsavedCopy()
{
    const auto dir = m_store->backupDir();
    std::error_code ec;
    std::filesystem::create_directories(dir, ec);
    const QString name = QStringLiteral("labels.json.unsaved-%1")
                             .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    QSaveFile f(qs((dir / name.toStdString()).string()));
    if (f.open(QIODevice::WriteOnly)) {
        f.write(QJsonDocument(labelTracksToJson(m_tracks)).toJson());
        if (f.commit())
            return;
    }
    qCWarning(lcLabels) << "cannot keep the unsaved labels in" << f.fileName();
}

void LabelEditor::applyTrack(int track, bool present, const std::optional<LabelTrack>& state)
{
    const auto at = m_tracks.begin() + track;
    if (present && state)
        *at = *state;
    else if (present)
        m_tracks.erase(at);
    else if (state)
        m_tracks.insert(at, *state);
    m_currentLabels.resize(m_tracks.size());
    if (m_selection && (m_selection->first >= int(m_tracks.size()) ||
                        m_selection->second >= int(m_tracks[std::size_t(m_selection->first)].segments().size())))
        m_selection.reset();
    m_active = std::clamp(m_active, 0, std::max(0, int(m_tracks.size()) - 1));
    scheduleSave();
    refreshViews();
}

void LabelEditor::applyDocument(const std::vector<LabelTrack>& tracks)
{
    m_tracks = tracks;
    m_selection.reset();
    m_pending.reset();
    m_currentLabels.resize(m_tracks.size());
    m_active = std::clamp(m_active, 0, std::max(0, int(m_tracks.size()) - 1));
    scheduleSave();
    refreshViews();
}

void LabelEditor::refreshViews()
{
    std::vector<TimelineWidget::Track> views;
    for (const LabelTrack& t : m_tracks) {
        TimelineWidget::Track v{qs(t.name()), t.segments(), {}, t.hidden(), t.locked()};
        for (const auto& label : t.vocabulary())
            v.colours[label] = QColor(qs(t.style(label).colour));
        if (t.isModelProposed())
            v.name = tr("%1 (model)").arg(v.name);
        views.push_back(std::move(v));
    }
    TimelineWidget* timeline = m_window.timeline();
    timeline->setLabelTracks(std::move(views));
    timeline->setActiveTrack(m_active);
    timeline->setSelection(m_selection);
    timeline->setPendingSegment(m_pending ? std::optional(std::make_pair(m_pending->track, m_pending->start_ns))
                                          : std::nullopt);
    rebuildHotkeys();
    Q_EMIT documentChanged();
}

// ---- selection and state ----

void LabelEditor::setActiveTrack(int track)
{
    if (track < 0 || track >= int(m_tracks.size()) || track == m_active)
        return;
    m_active = track;
    m_window.timeline()->setActiveTrack(track);
    rebuildHotkeys();
}

void LabelEditor::select(std::optional<Selection> selection)
{
    m_selection = selection;
    if (selection)
        setActiveTrack(selection->first);
    m_window.timeline()->setSelection(selection);
}

std::string LabelEditor::currentLabel() const
{
    const LabelTrack* t = trackAt(m_active);
    if (!t || t->vocabulary().empty())
        return {};
    const std::string& chosen = m_currentLabels[std::size_t(m_active)];
    return chosen.empty() || !t->hasLabel(chosen) ? t->vocabulary().front() : chosen;
}

double LabelEditor::reactionTime_s() { return QSettings().value("labels/reactionTime_s", 0.2).toDouble(); }

void LabelEditor::setReactionTime_s(double seconds)
{
    QSettings().setValue("labels/reactionTime_s", std::clamp(seconds, 0.0, 2.0));
}

const LabelTrack* LabelEditor::trackAt(int track) const
{
    return track >= 0 && track < int(m_tracks.size()) ? &m_tracks[std::size_t(track)] : nullptr;
}

TimeNs LabelEditor::cursor() const { return m_window.clock()->cursor_ns(); }

std::pair<TimeNs, TimeNs> LabelEditor::sessionRange() const
{
    const Session* s = m_window.review()->session();
    return s ? s->timeRange() : std::pair<TimeNs, TimeNs>{0, 0};
}

std::vector<TimeNs> LabelEditor::stepTimes() const
{
    const ReviewController* review = m_window.review();
    const StepTarget target = m_window.clock()->stepStream();
    std::vector<TimeNs> times(review->sampleCount(target));
    for (std::size_t i = 0; i < times.size(); ++i)
        times[i] = review->sampleTime(target, i);
    std::sort(times.begin(), times.end());
    return times;
}

// ---- hotkeys ----

QString LabelEditor::hotkeySheet() const
{
    const LabelTrack* t = trackAt(m_active);
    if (!t || m_hotkeyLabels.empty())
        return {};
    QStringList lines{tr("Label keys (track %1):").arg(qs(t->name()))};
    for (const auto& [key, label] : m_hotkeyLabels)
        lines << tr("%1: start or end “%2”").arg(key.toString(QKeySequence::NativeText), qs(label));
    return lines.join(QLatin1Char('\n'));
}

void LabelEditor::rebuildHotkeys()
{
    std::vector<std::pair<QKeySequence, std::string>> keys;
    const LabelTrack* t = trackAt(m_active);
    if (t && m_window.actions()) {
        // A label's key never takes over a key of the action table (Help > Keyboard shortcuts).
        const QList<QKeySequence> taken = m_window.actions()->shortcuts();
        for (const std::string& label : t->vocabulary()) {
            const QKeySequence key(qs(t->style(label).hotkey));
            if (!key.isEmpty() && !taken.contains(key))
                keys.emplace_back(key, label);
        }
    }
    if (keys == m_hotkeyLabels)
        return;
    // Later: this may run inside one of these shortcuts' activated signal.
    for (QShortcut* s : m_hotkeys) {
        s->setEnabled(false);
        s->deleteLater();
    }
    m_hotkeys.clear();
    m_hotkeyLabels = keys;
    for (const auto& [key, label] : keys) {
        auto* s = new QShortcut(key, &m_window);
        s->setAutoRepeat(false);
        connect(s, &QShortcut::activated, this, [this, l = label] { labelKey(l); });
        m_hotkeys.push_back(s);
    }
}

} // namespace insolepose
