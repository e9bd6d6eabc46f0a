#include "LabelEditor.h"

#include "ActionRegistry.h"
#include "StudioWindow.h"

namespace insolepose {

LabelEditor::LabelEditor(StudioWindow& window) : QObject(&window), m_window(window) { }

LabelEditor::~LabelEditor() = default;

void LabelEditor::defineActions(ActionRegistry& registry) { (void)registry; }

} // namespace insolepose
