#include "ComparisonDock.h"

#include "ActionRegistry.h"
#include "StudioWindow.h"

namespace insolepose {

ComparisonDock::ComparisonDock(StudioWindow& window) : QObject(&window), m_window(window) { }

ComparisonDock::~ComparisonDock() = default;

void ComparisonDock::defineActions(ActionRegistry& registry) { (void)registry; }

} // namespace insolepose
