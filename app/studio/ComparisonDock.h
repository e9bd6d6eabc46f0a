#pragma once
// The comparison dock: ground truth vs predictions (placeholder).
#include <QObject>

namespace insolepose {

class ActionRegistry;
class StudioWindow;

class ComparisonDock : public QObject {
    Q_OBJECT
public:
    explicit ComparisonDock(StudioWindow& window);
    ~ComparisonDock() override;
    /// Adds this part's rows to the studio's action table (called once, from StudioWindow).
    void defineActions(ActionRegistry& registry);

private:
    StudioWindow& m_window;
};

} // namespace insolepose
