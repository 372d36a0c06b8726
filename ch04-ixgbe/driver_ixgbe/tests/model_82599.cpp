// driver_ixgbe/tests/model_82599.cpp: the 82599 model (82599 datasheet rev. 3.3): reset and
// ready bits (4.6.3), AUTOC/LINKS link (4.6.4), the global receive and transmit registers
// with the rules [82599 8.2.3] sets for them: EIMC bit 31, DTXMXSZRQ 15:12 and TXDCTL's gaps
// are reserved; RDRXCTL needs RSCFRSTSIZE 0 and bits 25/26 set; FCTRL changes only while
// RXCTRL.RXEN is 0; DMATXCTL.TE comes before any TXDCTL.ENABLE.
#include "model.h"

namespace driver_ixgbe::model {
namespace {

enum : uint32_t {
    kEicr = 0x00800,
    kEiac = 0x00810,
    kEitr0 = 0x00820,
    kEims = 0x00880,
    kEimc = 0x00888,
    kGpie = 0x00898,
    kIvar0 = 0x00900,
    kRdbal0 = 0x01000,
    kSrrctl0 = 0x02100,
    kDcaRxctrl0 = 0x02200,
    kRdrxctl = 0x02F00,
    kRxctrl = 0x03000,
    kRxpbsize0 = 0x03C00,
    kHlreg0 = 0x04240,
    kAutoc = 0x042A0,
    kLinks = 0x042A4,
    kRttdcs = 0x04900,
    kDmatxctl = 0x04A80,
    kFctrl = 0x05080,
    kTdbal0 = 0x06000,
    kDtxmxszrq = 0x08100,
    kTxpbsize0 = 0x0CC00,
    kEec = 0x10010,
};

constexpr unsigned kLinkPolls = 5;  // LINKS reads after AN_RESTART before the link is up

class Model82599 final : public IntelModel {
public:
    explicit Model82599(const uint8_t (&mac)[6]) : IntelModel(mac) {
        m_rx_base = kRdbal0, m_tx_base = kTdbal0, m_srrctl = kSrrctl0;
        m_eims = kEims, m_eimc = kEimc, m_eicr = kEicr, m_eiac = kEiac, m_eitr0 = kEitr0;
        m_gpie = kGpie, m_ivar0 = kIvar0;
        m_srrctl_reserved = 0xe0u | (0xffu << 14) | (0x7u << 29);  // 8.2.3.8.7
        m_eimc_reserved = 1u << 31;                                // 8.2.3.5.4
        m_ipe = 1u << 31;                                          // 7.1.6.2
    }

protected:
    void reset_defaults() override {
        reg(kEec) = (1u << 8) | (1u << 9);  // EE_PRES, auto-read done (8.2.3.2.1)
        reg(kRdrxctl) = 1u << 3;            // DMAIDONE (8.2.3.8.8)
        m_link_polls = 0;
    }

    bool chip_write(uint32_t off, uint32_t v) override {
        switch (off) {
            case kDtxmxszrq:
                if (v & 0xf000) violation("DTXMXSZRQ: reserved bits 15:12 written");
                break;
            case kRdrxctl:
                if ((v >> 17 & 0x1f) || !(v & (1u << 25)) || !(v & (1u << 26))) {
                    violation("RDRXCTL: RSCFRSTSIZE must be 0 and bits 25, 26 set");
                }
                v |= 1u << 3;  // DMAIDONE is read-only
                break;
            case kFctrl:
                if (reg(kRxctrl) & 1) violation("FCTRL changed while RXCTRL.RXEN is 1");
                break;
            case kAutoc:
                if (v & (1u << 12)) {  // AN_RESTART self-clears; the link follows
                    v &= ~(1u << 12);
                    m_link_polls = kLinkPolls;
                    m_an_started = true;
                }
                break;
            case kGpie:
            case kIvar0:
            case kDcaRxctrl0:
            case kRxctrl:
            case kHlreg0:
            case kRttdcs:
            case kDmatxctl:
                break;
            default:
                if (!(off >= kRxpbsize0 && off < kRxpbsize0 + 32) &&
                    !(off >= kTxpbsize0 && off < kTxpbsize0 + 32)) {
                    return false;
                }
        }
        reg(off) = v;
        return true;
    }

    bool chip_read(uint32_t off, uint32_t& v) override {
        switch (off) {
            case kLinks:  // link up (bit 30) at 10 Gb/s (29:28 = 11) some polls after AN
                if (m_link_polls > 0 && --m_link_polls == 0 && m_cable) reg(kLinks) = 0x70000000;
                v = reg(kLinks);
                return true;
            case kEec:
            case kRdrxctl:
            case kRxctrl:
            case kHlreg0:
            case kAutoc:
            case kFctrl:
            case kRttdcs:
            case kDmatxctl:
            case kDcaRxctrl0:
            case kGpie:
            case kIvar0:
            case kDtxmxszrq:
                v = reg(off);
                return true;
            default:
                return false;
        }
    }

    void queue_control(bool rx, uint32_t v) override {
        if (rx) return;
        if (v & (0x80u | 0x8000u | (0x3u << 23) | (0x1fu << 27))) {
            violation("TXDCTL: reserved bits written");
        }
        if ((v & kXdctlEnable) && !(reg(kDmatxctl) & 1)) {
            violation("TXDCTL.ENABLE before DMATXCTL.TE");
        }
    }

    bool rx_on() const override { return reg(kRxctrl) & 1; }
    bool tx_on() const override { return reg(kDmatxctl) & 1; }
    bool crc_stripped() const override {
        return (reg(kHlreg0) & (1u << 1)) && (reg(kRdrxctl) & (1u << 1));
    }
    bool broadcast_ok() const override { return reg(kFctrl) & (1u << 10); }
    bool promisc() const override { return reg(kFctrl) & (1u << 9); }
    bool link() const override { return m_cable && (reg(kLinks) & (1u << 30)); }
    void link_event(bool up) override {
        if (!up) {
            reg(kLinks) = 0;
        } else if (m_an_started) {
            m_link_polls = kLinkPolls;
        }
    }
    unsigned wthresh() const override { return reg(uint32_t(kTdbal0) + kQXdctl) >> 16 & 0x7f; }

private:
    unsigned m_link_polls = 0;
    bool m_an_started = false;
};

}  // namespace

std::unique_ptr<IntelModel> make_82599(const uint8_t (&mac)[6]) {
    return std::make_unique<Model82599>(mac);
}

}  // namespace driver_ixgbe::model
