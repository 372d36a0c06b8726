// driver_ixgbe/tests/model_82576.cpp: the 82576 model (82576 datasheet rev. 2.6), as silicon
// behaves where QEMU's igb differs: EICR clears only when written with ones (8.8.7), not on
// read. Link comes from PHY auto-negotiation started through MDIC (8.2.4), PHY address 1 only;
// TXDCTL's thresholds are 5-bit fields (8.12.13), so a value the 82599 accepts (PTHRESH 36)
// writes reserved bits here.
#include "model.h"

namespace driver_ixgbe::model {
namespace {

enum : uint32_t {
    kMdic = 0x00020,
    kIcr = 0x000C0,
    kIms = 0x000D0,
    kImc = 0x000D8,
    kRctl = 0x00100,
    kTctl = 0x00400,
    kGpie = 0x01514,
    kEims = 0x01524,
    kEimc = 0x01528,
    kEiac = 0x0152C,
    kEicr = 0x01580,
    kEitr0 = 0x01680,
    kIvar0 = 0x01700,
    kRdbal0 = 0x0C000,
    kSrrctl0 = 0x0C00C,
    kTdbal0 = 0x0E000,
};

constexpr unsigned kLinkPolls = 5;  // STATUS reads after an auto-negotiation restart

class Model82576 final : public IntelModel {
public:
    explicit Model82576(const uint8_t (&mac)[6]) : IntelModel(mac) {
        m_rx_base = kRdbal0, m_tx_base = kTdbal0, m_srrctl = kSrrctl0;
        m_eims = kEims, m_eimc = kEimc, m_eicr = kEicr, m_eiac = kEiac, m_eitr0 = kEitr0;
        m_gpie = kGpie, m_ivar0 = kIvar0;
        m_srrctl_reserved = 0x80u | (0x7u << 28);  // 8.9.4
        m_eicr_clear_on_read = false;              // silicon: write ones to clear (8.8.7)
        m_ipe = 1u << 30;                          // 7.1.5.2
    }

protected:
    void reset_defaults() override {
        reg(kTctl) = 1u << 3;  // PSP (8.12.1)
        m_bmcr = 0x1140;       // PHY control: auto-negotiation enabled, 1000 Mb/s, full duplex
        m_link_polls = 0;
    }

    bool chip_write(uint32_t off, uint32_t v) override {
        switch (off) {
            case kMdic:
                mdic(v);
                return true;
            case kImc:
                reg(kIms) &= ~v;
                return true;
            case kIms:
                violation("IMS: legacy interrupt causes are not used by this driver");
                break;
            case kRctl:
                if (v & (0x3u << 10)) violation("RCTL: DTYP must be 0 (advanced descriptors)");
                break;
            case kTctl:
            case kGpie:
            case kIvar0:
                break;
            default:
                return false;
        }
        reg(off) = v;
        return true;
    }

    bool chip_read(uint32_t off, uint32_t& v) override {
        switch (off) {
            case kStatus:  // LU (bit 1) some reads after auto-negotiation was restarted
                if (m_link_polls > 0 && --m_link_polls == 0 && m_cable) reg(kStatus) |= 1u << 1;
                v = reg(kStatus);
                return true;
            case kIcr:  // clear on read (8.8.1)
                v = reg(kIcr);
                reg(kIcr) = 0;
                return true;
            case kMdic:
            case kRctl:
            case kTctl:
            case kGpie:
            case kIvar0:
            case kIms:
                v = reg(off);
                return true;
            default:
                return false;
        }
    }

    void mdic(uint32_t v) {
        uint32_t phy = v >> 21 & 0x1f, regnum = v >> 16 & 0x1f, op = v >> 26 & 3;
        uint32_t out = v & ~((1u << 28) | (1u << 30));
        if (phy != 1 || regnum != 0 || (op != 1 && op != 2)) {
            out |= 1u << 30;  // ERROR: only the internal PHY's control register is modelled
        } else if (op == 2) {
            out = (out & ~0xffffu) | m_bmcr;
        } else {
            m_bmcr = v & 0xffff & ~(1u << 9);  // RESTART_AN self-clears
            if ((v & (1u << 9)) && (v & (1u << 12))) {
                reg(kStatus) &= ~(1u << 1);
                m_link_polls = kLinkPolls;
                m_an_started = true;
            }
        }
        reg(kMdic) = out | (1u << 28);  // READY
    }

    void queue_control(bool rx, uint32_t v) override {
        if (!rx && (v & (0xe0u | 0xe000u | (0xfu << 21) | (0x1fu << 27)))) {
            violation("TXDCTL: reserved bits written (thresholds are 5 bits on the 82576)");
        }
    }

    bool rx_on() const override { return reg(kRctl) & (1u << 1); }
    bool tx_on() const override { return reg(kTctl) & (1u << 1); }
    bool crc_stripped() const override { return reg(kRctl) & (1u << 26); }
    bool broadcast_ok() const override { return reg(kRctl) & (1u << 15); }
    bool promisc() const override { return reg(kRctl) & (1u << 3); }
    bool link() const override { return m_cable && (reg(kStatus) & (1u << 1)); }
    void link_event(bool up) override {
        if (!up) {
            reg(kStatus) &= ~(1u << 1);
        } else if (m_an_started) {
            m_link_polls = kLinkPolls;
        }
    }
    unsigned wthresh() const override { return reg(uint32_t(kTdbal0) + kQXdctl) >> 16 & 0x1f; }

private:
    uint16_t m_bmcr = 0;
    unsigned m_link_polls = 0;
    bool m_an_started = false;
};

}  // namespace

std::unique_ptr<IntelModel> make_82576(const uint8_t (&mac)[6]) {
    return std::make_unique<Model82576>(mac);
}

}  // namespace driver_ixgbe::model
