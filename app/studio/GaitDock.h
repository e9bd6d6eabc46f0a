#pragma once
// The gait dock: gait events, steps and pressure views (placeholder).
#include <QObject>

namespace insolepose {

class ActionRegistry;
class StudioWindow;

class GaitDock : public QObject {
    Q_OBJECT
public:
    explicit GaitDock(StudioWindow& window);
    ~GaitDock() override;
    /// Adds this part's rows to the studio's action table (called once, from StudioWindow).
    void defineActions(ActionRegistry& registry);

private:
    StudioWindow& m_window;
};

} // namespace insolepose
