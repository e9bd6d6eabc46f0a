#pragma once
// Labelling in the studio: the label document of the open session (its tracks), every edit an
// undoable command (QUndoStack, Edit > Undo/Redo, an undo history dock), autosave through
// LabelStore within about a second of each edit, conflict handling when labels.json changed on
// disk, label hotkeys (also while playing) and the Labels menu. Edits that the track refuses
// (overlaps, locked track) are reported in the status bar and change nothing; save failures and
// conflicts are shown in a message box, and the edits stay in memory (and are retried).
#include "PlaybackClock.h"
#include "insolepose/LabelStore.h"
#include "insolepose/Labels.h"
#include "insolepose/Time.h"

#include <QKeySequence>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

class QDockWidget;
class QMessageBox;
class QShortcut;
class QTimer;
class QUndoStack;

namespace insolepose {

class ActionRegistry;
class LabelProposer;
class StudioWindow;

class LabelEditor : public QObject {
    Q_OBJECT
public:
    using Selection = std::pair<int, int>; ///< (track, segment)
    static constexpr int kAutosaveDelay_ms = 1000;

    explicit LabelEditor(StudioWindow& window);
    ~LabelEditor() override;
    /// Adds this part's rows to the studio's action table (called once, from StudioWindow).
    void defineActions(ActionRegistry& registry);

    const std::vector<LabelTrack>& tracks() const { return m_tracks; }
    QUndoStack* undoStack() const { return m_undo; }
    int activeTrack() const { return m_active; }
    void setActiveTrack(int track);
    std::optional<Selection> selection() const { return m_selection; }
    void select(std::optional<Selection> selection);
    /// The label that drags create on the active track (the last one chosen by hotkey or rename).
    std::string currentLabel() const;
    /// Reaction-time compensation of label hotkeys (QSettings "labels/reactionTime_s", default 0.2 s).
    static double reactionTime_s();
    static void setReactionTime_s(double seconds);

    // Edits (each one undoable command; false and a status message when refused).
    bool createSegment(int track, TimeNs start_ns, TimeNs end_ns, const std::string& label);
    bool changeSegment(int track, int index, TimeNs start_ns, TimeNs end_ns);
    bool deleteSelected();
    bool splitSelectedAtCursor();
    bool mergeSelectedWithNext();
    bool renameSelected(const std::string& label);
    /// Moves the selected segment's start (or end) by one frame of the stream the clock steps along.
    bool nudgeSelected(bool end, int direction);
    /// A label's hotkey: the first press starts a segment at the cursor minus the reaction time, the
    /// next press (of this or another label's key) ends it there and starts the other label's.
    void labelKey(const std::string& label);
    /// The active track's label keys for the shortcut sheet (Help > Keyboard shortcuts): a heading
    /// "Label keys (track NAME)" and one line per key, "1: squat"; empty when no key is active.
    QString hotkeySheet() const;
    void cancelPendingSegment();
    bool hasPendingSegment() const { return m_pending.has_value(); }
    bool addTrack(const std::string& name);
    bool renameTrack(int track, const std::string& name);
    bool setTrackHidden(int track, bool hidden);
    bool setTrackLocked(int track, bool locked);
    bool deleteTrack(int track);
    /// New vocabulary and styles (colour, hotkey) for a track.
    bool setVocabulary(int track, const std::vector<std::string>& vocabulary, const std::vector<LabelStyle>& styles);
    void jumpToPreviousLabel();
    void loopSelected();
    /// Proposes a track from the studio's model (its action probe) on a worker thread; the track
    /// is added as one undoable edit when it arrives. False when one is running or no session is open.
    bool proposeFromModel();
    bool isProposing() const;
    bool importFile(const QString& file);
    bool exportFile(const QString& file);

    /// Saves now (the autosave does this on its own). False when it did not save (conflict or error).
    bool saveNow();
    /// True when edits are waiting to be saved.
    bool hasUnsavedEdits() const { return m_unsaved; }
    /// The conflict question while it is open (labels.json changed on disk), else nullptr.
    QMessageBox* conflictQuestion() const { return m_conflictBox; }

    // For the commands.
    void applyTrack(int track, bool present, const std::optional<LabelTrack>& state);
    void applyDocument(const std::vector<LabelTrack>& tracks);

Q_SIGNALS:
    void documentChanged();
    void saved();

private:
    void load(const QString& folder);
    void flushBeforeClose();
    /// Copies the track, applies `edit` to the copy and pushes the command; Error -> status message.
    bool editTrack(int track, const QString& text, const std::function<void(LabelTrack&)>& edit);
    bool push(int track, std::optional<LabelTrack> after, const QString& text);
    void refused(const QString& what, const QString& why);
    void scheduleSave();
    void askAboutConflict(const QString& message);
    void reloadFromDisk();
    /// Writes the document next to the backups (labels.json.unsaved-<UTC>) when it cannot be saved.
    void keepUnsavedCopy();
    void refreshViews();
    void rebuildHotkeys();
    std::vector<TimeNs> stepTimes() const;
    TimeNs cursor() const;
    std::pair<TimeNs, TimeNs> sessionRange() const;
    const LabelTrack* trackAt(int track) const;
    void connectTimeline();
    void addProposedTrack(LabelTrack track);
    void showUndoHistory();
    void chooseLabelForSelected();
    void editVocabulary();
    void editSettings();
    void chooseExchangeFile(bool import);

    StudioWindow& m_window;
    std::vector<LabelTrack> m_tracks;
    std::unique_ptr<LabelStore> m_store;
    QUndoStack* m_undo = nullptr;
    QTimer* m_saveTimer = nullptr;
    QDockWidget* m_historyDock = nullptr;
    QMessageBox* m_conflictBox = nullptr;
    LabelProposer* m_proposer = nullptr;
    std::vector<QShortcut*> m_hotkeys;
    std::vector<std::pair<QKeySequence, std::string>> m_hotkeyLabels; ///< What m_hotkeys do.
    int m_active = 0;
    std::optional<Selection> m_selection;
    std::vector<std::string> m_currentLabels; ///< Per track.
    struct Pending {
        int track;
        std::string label;
        TimeNs start_ns;
    };
    std::optional<Pending> m_pending;
    bool m_unsaved = false;
    StepTarget m_snapStream; ///< The stream whose frames the timeline snaps to.
};

} // namespace insolepose
