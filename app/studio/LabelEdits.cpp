// LabelEditor: the edits (segments, tracks, vocabulary, hotkey labelling, imports and model
// proposals). Each validates through LabelTrack's checked edits on a copy and becomes one
// undoable command; a refused edit changes nothing and says why in the status bar.
#include "LabelCommands.h"
#include "LabelEditor.h"
#include "LabelProposer.h"
#include "PredictionController.h"
#include "ReviewController.h"
#include "StudioWindow.h"
#include "insolepose/Error.h"
#include "insolepose/LabelExchange.h"
#include "insolepose/Session.h"

#include <QStatusBar>
#include <QUndoStack>

#include <algorithm>

namespace insolepose {

namespace {

constexpr TimeNs kMinSegment_ns = 10 * kNsPerMs;

QString qs(const std::string& s) { return QString::fromStdString(s); }

} // namespace

void LabelEditor::refused(const QString& what, const QString& why)
{
    m_window.statusBar()->showMessage(tr("%1: %2").arg(what, why), 10000);
}

bool LabelEditor::push(int track, std::optional<LabelTrack> after, const QString& text)
{
    m_undo->push(new TrackCommand(*this, track, m_tracks[std::size_t(track)], std::move(after), text));
    return true;
}

bool LabelEditor::editTrack(int track, const QString& text, const std::function<void(LabelTrack&)>& edit)
{
    if (!trackAt(track)) {
        refused(text, tr("no such track"));
        return false;
    }
    LabelTrack after = m_tracks[std::size_t(track)];
    try {
        edit(after);
    } catch (const Error& e) {
        refused(text, qs(e.what()));
        return false;
    }
    return push(track, std::move(after), text);
}

bool LabelEditor::createSegment(int track, TimeNs start, TimeNs end, const std::string& label)
{
    std::size_t index = 0;
    const bool ok = editTrack(track, tr("Add %1").arg(qs(label)), [&](LabelTrack& t) {
        index = t.insert(LabelSegment{start, end, label, {}, {}, {}});
    });
    if (ok)
        select(Selection{track, int(index)});
    return ok;
}

bool LabelEditor::changeSegment(int track, int index, TimeNs start, TimeNs end)
{
    std::size_t moved = 0;
    const bool ok = editTrack(track, tr("Move or resize segment"), [&](LabelTrack& t) {
        if (index < 0 || std::size_t(index) >= t.segments().size())
            throw Error("no segment " + std::to_string(index));
        LabelSegment seg = t.segments()[std::size_t(index)];
        seg.start_ns = start;
        seg.end_ns = end;
        moved = t.replace(std::size_t(index), seg);
    });
    if (ok)
        select(Selection{track, int(moved)});
    return ok;
}

bool LabelEditor::deleteSelected()
{
    if (!m_selection)
        return false;
    const auto [track, index] = *m_selection;
    const bool ok = editTrack(track, tr("Delete segment"), [&](LabelTrack& t) { t.take(std::size_t(index)); });
    if (ok)
        select(std::nullopt);
    return ok;
}

bool LabelEditor::splitSelectedAtCursor()
{
    // The selected segment, else the active track's segment under the cursor.
    std::optional<Selection> sel = m_selection;
    if (!sel)
        if (const LabelTrack* t = trackAt(m_active))
            if (const auto i = t->indexAt(cursor()))
                sel = Selection{m_active, int(*i)};
    if (!sel)
        return false;
    std::size_t second = 0;
    const bool ok = editTrack(sel->first, tr("Split segment"),
                              [&](LabelTrack& t) { second = t.split(std::size_t(sel->second), cursor()); });
    if (ok)
        select(Selection{sel->first, int(second)});
    return ok;
}

bool LabelEditor::mergeSelectedWithNext()
{
    if (!m_selection)
        return false;
    const auto [track, index] = *m_selection;
    return editTrack(track, tr("Merge segments"), [&](LabelTrack& t) { t.mergeWithNext(std::size_t(index)); });
}

bool LabelEditor::renameSelected(const std::string& label)
{
    if (!m_selection)
        return false;
    const auto [track, index] = *m_selection;
    m_currentLabels[std::size_t(track)] = label;
    return editTrack(track, tr("Rename to %1").arg(qs(label)), [&](LabelTrack& t) {
        LabelSegment seg = t.segments().at(std::size_t(index));
        seg.label = label;
        t.replace(std::size_t(index), seg);
    });
}

bool LabelEditor::nudgeSelected(bool end, int direction)
{
    if (!m_selection)
        return false;
    const auto [track, index] = *m_selection;
    const LabelSegment& seg = m_tracks[std::size_t(track)].segments()[std::size_t(index)];
    const TimeNs edge = end ? seg.end_ns : seg.start_ns;
    const std::vector<TimeNs> frames = stepTimes();
    // The next frame time after (or before) the edge along the chosen stream.
    const auto it = direction > 0 ? std::upper_bound(frames.begin(), frames.end(), edge)
                                  : std::lower_bound(frames.begin(), frames.end(), edge);
    if ((direction > 0 && it == frames.end()) || (direction < 0 && it == frames.begin()))
        return false;
    const TimeNs to = direction > 0 ? *it : *std::prev(it);
    return changeSegment(track, index, end ? seg.start_ns : to, end ? to : seg.end_ns);
}

void LabelEditor::labelKey(const std::string& label)
{
    const LabelTrack* t = trackAt(m_active);
    if (!t)
        return;
    const auto [first, last] = sessionRange();
    const TimeNs at = std::clamp(cursor() - secondsToNs(reactionTime_s()), first, last);
    m_currentLabels[std::size_t(m_active)] = label;
    if (m_pending && m_pending->track == m_active) {
        // Ends the running segment (not beyond the next one) and starts the next label's there.
        const Pending p = *m_pending;
        m_pending.reset();
        const TimeNs end = std::min(at, t->freeRange(p.start_ns, first, last).second);
        if (end - p.start_ns >= kMinSegment_ns)
            createSegment(p.track, p.start_ns, end, p.label);
        else
            refused(tr("Add %1").arg(qs(p.label)), tr("the segment would be shorter than 10 ms"));
        if (label != p.label)
            m_pending = Pending{m_active, label, end};
    } else {
        // Inside a segment the new one starts where that one ends.
        m_pending = Pending{m_active, label, std::max(at, t->freeRange(at, first, last).first)};
        if (const auto i = t->indexAt(at))
            m_pending->start_ns = t->segments()[*i].end_ns;
        m_window.statusBar()->showMessage(tr("Labelling %1: press its key again to end it").arg(qs(label)), 5000);
    }
    refreshViews();
}

void LabelEditor::cancelPendingSegment()
{
    m_pending.reset();
    refreshViews();
}

bool LabelEditor::addTrack(const std::string& name)
{
    LabelTrack track(name);
    const int at = int(m_tracks.size());
    m_undo->push(new TrackCommand(*this, at, std::nullopt, std::move(track), tr("Add track %1").arg(qs(name))));
    setActiveTrack(at);
    return true;
}

bool LabelEditor::renameTrack(int track, const std::string& name)
{
    return editTrack(track, tr("Rename track to %1").arg(qs(name)), [&](LabelTrack& t) { t.setName(name); });
}

bool LabelEditor::setTrackHidden(int track, bool hidden)
{
    return editTrack(track, hidden ? tr("Hide track") : tr("Show track"), [&](LabelTrack& t) { t.setHidden(hidden); });
}

bool LabelEditor::setTrackLocked(int track, bool locked)
{
    return editTrack(track, locked ? tr("Lock track") : tr("Unlock track"),
                     [&](LabelTrack& t) { t.setLocked(locked); });
}

bool LabelEditor::deleteTrack(int track)
{
    if (!trackAt(track) || m_tracks.size() < 2) {
        refused(tr("Delete track"), tr("a session keeps at least one track"));
        return false;
    }
    return push(track, std::nullopt, tr("Delete track %1").arg(qs(m_tracks[std::size_t(track)].name())));
}

bool LabelEditor::setVocabulary(int track, const std::vector<std::string>& vocabulary,
                                const std::vector<LabelStyle>& styles)
{
    return editTrack(track, tr("Edit vocabulary"), [&](LabelTrack& t) {
        t.setVocabulary(vocabulary);
        for (std::size_t i = 0; i < vocabulary.size() && i < styles.size(); ++i)
            t.setStyle(vocabulary[i], styles[i]);
    });
}

void LabelEditor::jumpToPreviousLabel()
{
    const TimeNs now = cursor();
    std::optional<TimeNs> best;
    for (const LabelTrack& t : m_tracks)
        for (const LabelSegment& s : t.segments())
            if (!t.hidden() && s.start_ns < now && (!best || s.start_ns > *best))
                best = s.start_ns;
    if (best)
        m_window.clock()->setCursor(*best);
}

void LabelEditor::loopSelected()
{
    if (!m_selection)
        return;
    const LabelSegment& s = m_tracks[std::size_t(m_selection->first)].segments()[std::size_t(m_selection->second)];
    m_window.setLoopRange(std::make_pair(s.start_ns, s.end_ns));
}

bool LabelEditor::proposeFromModel()
{
    const Session* session = m_window.review()->session();
    if (!session || !m_proposer->start(*session, m_window.prediction()->modelFile()))
        return false;
    m_window.statusBar()->showMessage(tr("Proposing labels with %1…").arg(m_window.prediction()->modelFile()));
    return true;
}

bool LabelEditor::isProposing() const { return m_proposer->isRunning(); }

void LabelEditor::addProposedTrack(LabelTrack track)
{
    // A name no other track has.
    const std::string base = track.name();
    for (int n = 2;
         std::any_of(m_tracks.begin(), m_tracks.end(), [&](const LabelTrack& t) { return t.name() == track.name(); });
         ++n)
        track.setName(base + " " + std::to_string(n));
    const int at = int(m_tracks.size());
    const QString name = qs(track.name());
    m_undo->push(new TrackCommand(*this, at, std::nullopt, std::move(track), tr("Propose %1").arg(name)));
    m_window.statusBar()->showMessage(tr("Proposed track %1: accept, edit or delete its segments").arg(name), 10000);
}

bool LabelEditor::importFile(const QString& file)
{
    const Session* session = m_window.review()->session();
    if (!session)
        return false;
    try {
        const std::filesystem::path path = file.toStdString();
        std::vector<LabelTrack> after =
            importLabels(path, labelFormatForPath(path), m_tracks, exchangeContext(*session), {});
        m_undo->push(new DocumentCommand(*this, m_tracks, std::move(after), tr("Import %1").arg(file)));
        return true;
    } catch (const Error& e) {
        m_window.showError(tr("Cannot import labels"), qs(e.what()));
        return false;
    }
}

bool LabelEditor::exportFile(const QString& file)
{
    const Session* session = m_window.review()->session();
    if (!session)
        return false;
    try {
        const std::filesystem::path path = file.toStdString();
        exportLabels(path, labelFormatForPath(path), m_tracks, exchangeContext(*session));
        m_window.statusBar()->showMessage(tr("Exported the labels to %1").arg(file), 8000);
        return true;
    } catch (const Error& e) {
        m_window.showError(tr("Cannot export labels"), qs(e.what()));
        return false;
    }
}

} // namespace insolepose
