#pragma once
// The undoable label edits: each command stores the state before and after (one track, or the
// whole document for imports and reloads) and hands it back to the LabelEditor on undo and redo.
#include "insolepose/Labels.h"

#include <QUndoCommand>

#include <optional>
#include <vector>

namespace insolepose {

class LabelEditor;

/// One track's state before and after an edit; nullopt = the track does not exist (added or deleted).
class TrackCommand : public QUndoCommand {
public:
    TrackCommand(LabelEditor& editor, int track, std::optional<LabelTrack> before, std::optional<LabelTrack> after,
                 const QString& text);
    void undo() override;
    void redo() override;

private:
    LabelEditor& m_editor;
    int m_track;
    std::optional<LabelTrack> m_before, m_after;
};

/// Every track before and after (import, reload from disk).
class DocumentCommand : public QUndoCommand {
public:
    DocumentCommand(LabelEditor& editor, std::vector<LabelTrack> before, std::vector<LabelTrack> after,
                    const QString& text);
    void undo() override;
    void redo() override;

private:
    LabelEditor& m_editor;
    std::vector<LabelTrack> m_before, m_after;
};

} // namespace insolepose
