#include "LabelCommands.h"

#include "LabelEditor.h"

namespace insolepose {

TrackCommand::TrackCommand(LabelEditor& editor, int track, std::optional<LabelTrack> before,
                           std::optional<LabelTrack> after, const QString& text)
    : QUndoCommand(text), m_editor(editor), m_track(track), m_before(std::move(before)), m_after(std::move(after))
{}

void TrackCommand::undo() { m_editor.applyTrack(m_track, m_after.has_value(), m_before); }

void TrackCommand::redo() { m_editor.applyTrack(m_track, m_before.has_value(), m_after); }

DocumentCommand::DocumentCommand(LabelEditor& editor, std::vector<LabelTrack> before, std::vector<LabelTrack> after,
                                 const QString& text)
    : QUndoCommand(text), m_editor(editor), m_before(std::move(before)), m_after(std::move(after))
{}

void DocumentCommand::undo() { m_editor.applyDocument(m_before); }

void DocumentCommand::redo() { m_editor.applyDocument(m_after); }

} // namespace insolepose
