#pragma once
// Labelling in the studio: label tracks on the timeline, undoable edits, autosave (placeholder).
#include <QObject>

namespace insolepose {

class ActionRegistry;
class StudioWindow;

class LabelEditor : public QObject {
    Q_OBJECT
public:
    explicit LabelEditor(StudioWindow& window);
    ~LabelEditor() override;
    /// Adds this part's rows to the studio's action table (called once, from StudioWindow).
    void defineActions(ActionRegistry& registry);

private:
    StudioWindow& m_window;
};

} // namespace insolepose
