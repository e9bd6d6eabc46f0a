#include "GaitDock.h"

#include "ActionRegistry.h"
#include "StudioWindow.h"

namespace insolepose {

GaitDock::GaitDock(StudioWindow& window) : QObject(&window), m_window(window) { }

GaitDock::~GaitDock() = default;

void GaitDock::defineActions(ActionRegistry& registry) { (void)registry; }

} // namespace insolepose
